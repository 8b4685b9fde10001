// Nothing lost across kill -9: the real `rampart serve` is killed with SIGKILL after events were recorded
// (some already tried and failing, some not yet fanned out at all); after a restart every event reaches the
// receiver, in order per monitor, signed. Duplicates are allowed, gaps are not.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendEvents } from "../../src/store/events.js";
import { openStore } from "../../src/store/index.js";
import { BIN } from "../helpers/cli.js";
import { makeEvent, startReceiver, waitFor } from "./_fixtures.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-crash-"));
const config = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-crash-config-"));
const db = path.join(dir, "rampart.db");
const admin = `rampart_${randomBytes(24).toString("hex")}`;
const env = {
  ...process.env,
  RAMPART_HOME: dir,
  XDG_CONFIG_HOME: config,
  RAMPART_SECRET_KEY: randomBytes(32).toString("hex"),
  RAMPART_SECRET_KEY_FILE: "",
  RAMPART_ADMIN_TOKEN: admin,
};
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(config, { recursive: true, force: true });
});

async function serve(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--store", db], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", () => undefined);
  await waitFor(() => /Rampart listening on (\S+)/.test(out) || child.exitCode !== null, 20_000, "serve to start");
  if (child.exitCode !== null) throw new Error(`serve exited: ${out}`);
  return { child, url: /Rampart listening on (\S+)/.exec(out)?.[1] as string };
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGKILL");
  });
}

describe("webhook delivery across kill -9", () => {
  it("delivers every recorded event after the server is killed and restarted", { timeout: 90_000 }, async () => {
    const receiver = await startReceiver();
    try {
      let server = await serve();
      const made = await fetch(`${server.url}/api/webhooks`, {
        method: "POST",
        headers: { authorization: `Bearer ${admin}`, "content-type": "application/json" },
        body: JSON.stringify({ url: receiver.url, events: ["*"] }),
      });
      expect(made.status).toBe(201);
      receiver.secrets.push(((await made.json()) as { secret: string }).secret);
      await receiver.down();

      // Recorded while the server runs: fanned out, tried, failing (receiver down).
      const store = openStore({ path: db });
      for (let n = 1; n <= 5; n++) appendEvents(store.db, [makeEvent("crash-a", n), makeEvent("crash-b", n)]);
      await waitFor(
        () => (store.db.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE attempts > 0").get() as { n: number }).n > 0,
        20_000,
        "a failed attempt",
      );
      await kill9(server.child);
      // Recorded while the server is dead: not even fanned out yet.
      for (let n = 6; n <= 10; n++) appendEvents(store.db, [makeEvent("crash-a", n), makeEvent("crash-b", n)]);
      store.close();

      await receiver.up();
      server = await serve();
      try {
        // The first retries were scheduled by the dead process with its backoff (about 5–10 s).
        await waitFor(() => new Set(receiver.received.map((r) => r.event?.id)).size >= 20, 60_000, "all 20 events");
      } finally {
        await kill9(server.child);
      }
      for (const m of ["crash-a", "crash-b"]) {
        const seen = receiver.received.filter((r) => r.event?.monitor?.id === m).map((r) => r.event?.data.n as number);
        // In order; a duplicate may repeat the last one seen, never skip ahead.
        const firstSeen = seen.filter((n, i) => seen.indexOf(n) === i);
        expect(firstSeen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      }
      expect(receiver.received.every((r) => r.verifiedWith !== null)).toBe(true);
    } finally {
      await receiver.close();
    }
  });
});
