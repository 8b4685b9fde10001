// --callback-host through the built CLI: a malformed value is one line before anything is sent, and a
// real active scan of a jku-trusting API run as a user would finds it with the listener's fetch as proof.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { authAbuseApp, authAbuseSpec, issue } from "../apps/auth-abuse-app.js";
import { runCli } from "../helpers/cli.js";
import { startServer } from "../helpers/fixture-server.js";

describe("--callback-host", () => {
  it("refuses a malformed value in one line, exit 2, without contacting the target", async () => {
    let contacted = 0;
    const server = await startServer((_req, res) => {
      contacted++;
      res.end();
    });
    try {
      const r = await runCli(["scan", server.url, "--mode", "active", "--callback-host", "http://10.0.0.5/x", "--no-store"]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe("rampart: --callback-host must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got 'http://10.0.0.5/x')");
      expect(contacted).toBe(0);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("is not needed for a loopback API: an active CLI scan of one that trusts jku reports it with the fetch as proof", async () => {
    const app = authAbuseApp({ jku: "any" });
    const server = await startServer(app.handler);
    const dir = mkdtempSync(join(tmpdir(), "rampart-cli-jku-"));
    try {
      writeFileSync(join(dir, "openapi.json"), JSON.stringify(authAbuseSpec));
      const r = await runCli(
        ["scan", server.url, "--spec", join(dir, "openapi.json"), "--mode", "active", "--checks", "authentication.jwt-header-key-injection", "--auth", "bearer:env:TOKEN", "--format", "json", "--no-store"],
        { env: { TOKEN: issue("alice") }, timeoutMs: 120_000 },
      );
      const report = JSON.parse(r.stdout) as ScanReport;
      const [f] = report.findings;
      expect(f?.checkId, r.stderr).toBe("authentication.jwt-header-key-injection");
      expect(f!.evidence[2]!.excerpt).toMatch(/^the target fetched the key set named by the token's jku header at /);
      expect(app.jku.fetched).toHaveLength(1);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
