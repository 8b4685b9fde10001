// `rampart serve` and `rampart tokens` as built: the listening line, first-start admin token, the TLS rule
// for non-loopback addresses, tokens made by the CLI working against the server, SIGTERM → exit 0.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BIN, runCli } from "../helpers/cli.js";

let dir: string;
let db: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-serve-"));
  db = path.join(dir, "rampart.db");
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Serving {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  exited: Promise<number | null>;
}

async function serve(args: string[], env: Record<string, string> = {}): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--store", db, ...args], {
    env: { ...process.env, RAMPART_HOME: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const until = Date.now() + 20_000;
  while (!/Rampart listening on (\S+)/.test(out)) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`serve did not start: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /Rampart listening on (\S+)/.exec(out)?.[1] as string;
  return { child, url, stdout: () => out, exited };
}

describe("rampart serve", () => {
  it("prints the admin token once, listens on a free port, accepts CLI-made tokens and exits 0 on SIGTERM", async () => {
    const s = await serve([]);
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = /Admin token[^:]*: (rmp_\S+)/.exec(s.stdout())?.[1];
    expect(admin).toBeTruthy();
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${s.url}/api/tokens`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);

    const made = await runCli(["tokens", "create", "--role", "viewer", "--name", "ci", "--store", db]);
    expect(made.code).toBe(0);
    const viewer = made.stdout.trim();
    expect(viewer).toMatch(/^rmp_/);
    expect((await fetch(`${s.url}/api/scans`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(200);
    expect((await fetch(`${s.url}/api/tokens`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);

    const listed = await runCli(["tokens", "list", "--store", db, "--format", "json"]);
    const ids = (JSON.parse(listed.stdout) as { id: string; role: string }[]).filter((t) => t.role === "viewer").map((t) => t.id);
    expect(ids).toHaveLength(1);
    expect((await runCli(["tokens", "revoke", ids[0] as string, "--store", db])).code).toBe(0);
    expect((await fetch(`${s.url}/api/scans`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(401);

    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);

    // Second start: tokens exist, so none is printed.
    const again = await serve([]);
    expect(again.stdout()).not.toContain("Admin token");
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 60_000);

  it("takes the first admin token from RAMPART_ADMIN_TOKEN and prints none", async () => {
    const token = "automation-admin-token-6f1d2c9b8a7e";
    const s = await serve([], { RAMPART_ADMIN_TOKEN: token });
    expect(s.stdout()).not.toContain("Admin token");
    expect((await fetch(`${s.url}/api/tokens`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    s.child.kill("SIGTERM");
    expect(await s.exited).toBe(0);
  }, 30_000);

  it("refuses a non-loopback address without TLS or --insecure-http, and a lone --tls-cert", async () => {
    const open = await runCli(["serve", "--host", "0.0.0.0", "--port", "0", "--store", db]);
    expect(open.code).toBe(2);
    expect(open.stderr).toContain("--insecure-http");
    expect(open.stderr).not.toMatch(/\n\s+at /);
    const lone = await runCli(["serve", "--tls-cert", "x.pem", "--port", "0", "--store", db]);
    expect(lone.code).toBe(2);
    expect(lone.stderr).toContain("--tls-key");
    const role = await runCli(["tokens", "create", "--role", "root", "--store", db]);
    expect(role.code).toBe(2);
    expect(role.stderr).toContain("--role must be one of viewer, operator, admin");
  }, 30_000);
});
