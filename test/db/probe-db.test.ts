// --probe-db guesses the API host's default database ports: silence there is an answer, not an error;
// a database the user named explicitly that does not answer is an error worth recording.
import { afterAll, describe, expect, it } from "vitest";
import { resolveDbTargets } from "../../src/engine/settings.js";
import { scan } from "../../src/engine/scan.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { closedPort } from "../helpers/net.js";

let api: RunningServer;
afterAll(async () => {
  await api?.close();
});

describe("database targets", () => {
  it("marks --probe-db targets speculative and keeps explicit ones first", () => {
    const t = resolveDbTargets({ target: "http://127.0.0.1:1", db: ["127.0.0.1:5432"], probeDb: true }, "127.0.0.1");
    expect(t).toEqual([
      { host: "127.0.0.1", port: 5432 },
      { host: "127.0.0.1", port: 26257, speculative: true },
    ]);
  });

  it("records an unreachable explicit database but not an empty guessed port", async () => {
    api = await startServer((_req, res) => json(res, 200, { ok: true }));
    const port = await closedPort();
    const explicit = await scan({ target: api.url, db: [`127.0.0.1:${port}`], checks: ["encryption.db-"], timeoutMs: 3000 });
    expect(explicit.errors.map((e) => e.message).join("\n")).toContain(`database 127.0.0.1:${port}`);
    const guessed = await scan({ target: api.url, probeDb: true, checks: ["encryption.db-"], timeoutMs: 3000 });
    expect(guessed.errors.filter((e) => e.message.startsWith("database "))).toEqual([]);
  });
});
