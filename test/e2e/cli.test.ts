// The CLI as a user meets it: --version, --help that teaches, --dry-run that sends no probe, formats.
import { afterAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/core/version.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { runCli } from "../helpers/cli.js";

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const spec = {
  openapi: "3.0.3",
  info: { title: "t", version: "1" },
  paths: {
    "/items": { get: { responses: { "200": { description: "ok" } } } },
    "/items/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }], responses: { "200": { description: "ok" } } } },
    "/reset": { get: { summary: "Reset the database", responses: { "200": { description: "ok" } } } },
    "/items/{id}/delete": { get: { responses: { "200": { description: "ok" } } } },
  },
};

async function target(): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const s = await startServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    if (req.url === "/openapi.json") return json(res, 200, spec);
    json(res, 200, { ok: true });
  });
  servers.push(s);
  return { url: s.url, seen };
}

describe("rampart CLI", () => {
  it("prints its version", async () => {
    const r = await runCli(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it("--help teaches: commands, flags, examples, exit codes", async () => {
    const top = await runCli(["--help"]);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/scan \[options\] \[url\]/);
    expect(top.stdout).toContain("Exit codes");
    const scan = await runCli(["scan", "--help"]);
    expect(scan.stdout).toContain("--auth <credential>");
    expect(scan.stdout).toContain("--dry-run");
    expect(scan.stdout).toContain("Examples:");
  });

  it("--dry-run prints the plan per check and sends no probe", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--dry-run", "--no-store"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Planned requests");
    expect(r.stdout).toMatch(/total\s+\d+ \(budget 2000\)/);
    expect(r.stdout).toContain("skipped GET /reset");
    expect(r.stdout).toContain("skipped GET /items/{id}/delete");
    expect(r.stdout).toMatch(/authentication\.unauthenticated-access\s+\d+/);
    // only discovery traffic: the root and the spec
    expect(t.seen.every((l) => l === "GET /" || l.startsWith("GET /openapi") || l.startsWith("GET /swagger") || l.startsWith("GET /v3/") || l.startsWith("GET /api"))).toBe(true);
    expect(t.seen).toContain("GET /openapi.json");
  });

  it("never calls state-changing operations in the default mode, and lists them as skipped", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--format", "json", "--no-store"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { skipped: { operations: { path: string; reason: string }[] } };
    expect(report.skipped.operations.map((o) => o.path).sort()).toEqual(["/items/{id}/delete", "/reset"]);
    expect(t.seen.some((l) => l.startsWith("GET /reset") || l.endsWith("/delete"))).toBe(false);
    const included = await runCli(["scan", t.url, "--format", "json", "--no-store", "--include-operation", "GET /reset", "--checks", "inventoryManagement.server-fingerprint"]);
    expect(included.code).toBe(0);
    expect(t.seen).toContain("GET /reset");
  });

  it("renders the table format without colour on a pipe", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--format", "table", "--no-store"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("SEVERITY");
    expect(r.stdout.includes("\u001b[")).toBe(false);
    expect(r.stderr.includes("\u001b[2K")).toBe(false); // no progress display on a pipe
  });

  it("rejects an unknown format before sending anything", async () => {
    const t = await target();
    const r = await runCli(["scan", t.url, "--format", "docx", "--no-store"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be/);
    expect(t.seen).toEqual([]);
  });
});
