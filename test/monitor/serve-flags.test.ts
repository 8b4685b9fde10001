/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// `rampart serve --min-interval` and `--public-url` as built: a schedule under the floor is refused naming the
// flag; a seconds-scale monitor added by `rampart monitor add` while the server runs is picked up, and its first
// run's scan.completed reaches a signed-webhook receiver with a dashboard link under the public URL; bad flag
// values are one-line usage errors.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LISTENING, listeningUrl, runCli, startCli, type CliProcess } from "../helpers/cli.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { startReceiver, waitFor } from "../webhooks/_fixtures.js";

let dir: string;
let config: string;
let db: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-serve-mon-"));
  config = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-serve-mon-config-"));
  db = path.join(dir, "rampart.db");
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(config, { recursive: true, force: true });
});

async function serve(args: string[]): Promise<CliProcess & { url: string; admin: string }> {
  const p = await startCli(
    ["serve", "--port", "0", "--store", db, ...args],
    LISTENING,
    { ...process.env, RAMPART_HOME: dir, XDG_CONFIG_HOME: config, RAMPART_SECRET_KEY: "", RAMPART_SECRET_KEY_FILE: "", RAMPART_ADMIN_TOKEN: "" },
    20_000,
  );
  return { ...p, url: listeningUrl(p), admin: /Admin token[^:]*: (rmp_\S+)/.exec(p.out())?.[1] as string };
}

async function call(base: string, token: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: await res.json() };
}

describe("rampart serve: monitoring flags", () => {
  it("--min-interval lets a monitor run every few seconds; --public-url is where event links point", async () => {
    const api = await startServer((_req, res) => json(res, 200, { ok: true }));
    const receiver = await startReceiver();
    const s = await serve(["--min-interval", "2s", "--public-url", "https://rampart.example.test/base/"]);
    try {
      const hook = await call(s.url, s.admin, "POST", "/api/webhooks", { url: receiver.url, events: ["scan.completed"] });
      expect(hook.status).toBe(201);
      receiver.secrets.push(hook.body.secret);

      // Under the floor: refused with the flag named.
      const tooOften = await call(s.url, s.admin, "POST", "/api/monitors", { url: api.url, schedule: { every: "1s" } });
      expect(tooOften.status).toBe(400);
      expect(tooOften.body.message).toContain("more often than this server allows (2s; see rampart serve --min-interval)");
      // Added by the CLI on the same store while the server runs: the scheduler picks it up on its next tick.
      const added = await runCli(["monitor", "add", api.url, "--every", "10s", "--depth", "quick", "--min-interval", "2s", "--store", db]);
      expect(added.code, added.stderr).toBe(0);
      const made = { body: { id: added.stdout.trim() } };

      await waitFor(() => receiver.received.length > 0, 60_000, "scan.completed delivered");
      const first = receiver.received[0];
      expect(first?.verifiedWith).toBe(hook.body.secret);
      expect(first?.event?.type).toBe("scan.completed");
      expect(first?.event?.monitor?.id).toBe(made.body.id);
      expect(first?.event?.link).toBe(`https://rampart.example.test/base/#/scans/${first?.event?.scanId}`);
    } finally {
      s.child.kill("SIGTERM");
      await s.exited;
      await receiver.close();
      await api.close();
    }
  }, 90_000);

  it("refuses bad --min-interval and --public-url values in one line", async () => {
    const cases: [string[], string][] = [
      [["--min-interval", "often"], "--min-interval must be a duration like 30s, 5m, 6h or 1h30m (got 'often')"],
      [["--min-interval", "500ms"], "--min-interval must be at least 1s (got '500ms')"],
      [["--public-url", "rampart.example.test"], "--public-url must be an absolute URL"],
      [["--public-url", "ftp://rampart.example.test"], "--public-url must use http or https"],
      [["--public-url", "https://u:p@rampart.example.test"], "--public-url must be a plain base URL"],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(["serve", "--port", "0", "--store", db, ...args]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    const help = await runCli(["serve", "--help"]);
    expect(help.stdout).toContain("--min-interval <duration>");
    expect(help.stdout).toContain("--public-url <url>");
  }, 60_000);
});
