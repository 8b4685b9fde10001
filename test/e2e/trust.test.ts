// The small things a user checks first: --dry-run sends only spec requests and no credentials unless the
// spec needs them; Ctrl-C says what was kept; requests.sent is what the server received; --rate's range.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { BIN, runCli } from "../helpers/cli.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

const servers: RunningServer[] = [];
const home = mkdtempSync(join(tmpdir(), "rampart-trust-home-"));
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(home, { recursive: true, force: true });
});

const spec = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/items": { get: { responses: { "200": { description: "ok" } } } },
    "/items/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: { "200": { description: "ok" } } } },
  },
};

interface Seen {
  line: string;
  auth: boolean;
}

async function target(opts: { specNeedsAuth?: boolean } = {}): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const s = await startServer((req, res) => {
    const auth = Boolean(req.headers.authorization);
    seen.push({ line: `${req.method} ${req.url}`, auth });
    if (req.url === "/openapi.json") {
      if (opts.specNeedsAuth && !auth) return json(res, 401, { error: "unauthorized" }, { "www-authenticate": "Bearer" });
      return json(res, 200, spec);
    }
    if (req.url === "/items") return json(res, 200, [{ id: 1 }]);
    json(res, 404, { error: "not found" });
  });
  servers.push(s);
  return { url: s.url, seen };
}

const TOKEN_ENV = { API_TOKEN: "tok_live_5f2a9c" };

describe("--dry-run", () => {
  it("sends only the spec requests, without credentials, and says so", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--spec", `${t.url}/openapi.json`, "--auth", "bearer:env:API_TOKEN", "--dry-run", "--no-store"], { env: TOKEN_ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(t.seen).toEqual([{ line: "GET /openapi.json", auth: false }]);
    expect(r.stdout).toContain("Operations: 2 planned");
    expect(r.stdout).toContain("Sent: 1 GET request(s) to fetch the spec, 1 without credentials; no probe.");
  });

  it("repeats the spec request with credentials only when the server refuses it without them, and says so", async () => {
    const t = await target({ specNeedsAuth: true });
    const r = await runCli(["scan", t.url, "--spec", `${t.url}/openapi.json`, "--auth", "bearer:env:API_TOKEN", "--dry-run", "--no-store"], { env: TOKEN_ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(t.seen).toEqual([
      { line: "GET /openapi.json", auth: false },
      { line: "GET /openapi.json", auth: true },
    ]);
    expect(r.stdout).toContain("1 with credentials, because the server refused the spec without them (401/403)");
    expect(r.stdout).not.toContain(TOKEN_ENV.API_TOKEN);
  });

  it("with discovery, sends only GETs of well-known spec locations, none with credentials", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--auth", "bearer:env:API_TOKEN", "--dry-run", "--no-store"], { env: TOKEN_ENV });
    expect(r.code, r.stderr).toBe(0);
    expect(t.seen.length).toBeGreaterThan(0);
    expect(t.seen.every((s) => !s.auth && s.line !== "GET /" && !s.line.startsWith("GET /items"))).toBe(true);
    expect(r.stdout).toMatch(/Sent: \d+ GET request\(s\) to fetch the spec, \d+ without credentials; no probe\./);
  });
});

describe("interrupting a scan", () => {
  for (const stored of [true, false]) {
    it(`prints one line saying what was kept, then exits 130 (${stored ? "stored" : "--no-store"})`, async () => {
      let hung = false;
      const slow = await startServer(async (req, res) => {
        if (req.url === "/openapi.json") return json(res, 200, spec);
        hung = true;
        await new Promise<void>((resolve) => req.socket.once("close", () => resolve()));
      });
      servers.push(slow);
      const args = [BIN, "scan", slow.url, "--spec", `${slow.url}/openapi.json`, ...(stored ? [] : ["--no-store"])];
      const child = spawn(process.execPath, args, { env: { ...process.env, RAMPART_HOME: home, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
      for (let i = 0; i < 600 && !hung; i++) await new Promise((r) => setTimeout(r, 100));
      expect(hung).toBe(true);
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      const last = stderr.trimEnd().split("\n").at(-1);
      expect(last).toMatch(
        stored
          ? /^rampart: interrupted by SIGINT: no report written; scan [\w-]+ saved in the history as interrupted \(rampart history; database .+\)$/
          : /^rampart: interrupted by SIGINT: no report written; nothing saved \(--no-store\)$/,
      );
      expect(stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe("requests.sent", () => {
  it("is the number of requests the server received", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--depth", "quick", "--format", "json", "--no-store"]);
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.requests.sent).toBe(t.seen.length);
  });
});

describe("--rate", () => {
  it.each(["0", "20000", "-3", "fast"])("--rate %s states the allowed range in one line", async (rate) => {
    const r = await runCli(["scan", "http://127.0.0.1:9", "--rate", rate, "--no-store"]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")[0]).toMatch(/--rate must .*more than 0 and at most 10000/);
  });
});
