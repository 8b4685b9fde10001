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
import { closedPort } from "../helpers/net.js";

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

  it("comes from .rampart.yml when the flag is not given, the flag wins over it, and a bad one there is one line naming the key", async () => {
    const app = authAbuseApp({ jku: "any" });
    const server = await startServer(app.handler);
    const dir = mkdtempSync(join(tmpdir(), "rampart-cli-cbcfg-"));
    try {
      writeFileSync(join(dir, "openapi.json"), JSON.stringify(authAbuseSpec));
      const [fromFile, fromFlag] = [await closedPort(), await closedPort()];
      writeFileSync(join(dir, ".rampart.yml"), `spec: openapi.json\nmode: active\ncallbackHost: 127.0.0.1:${fromFile}\n`);
      const args = ["scan", server.url, "--checks", "authentication.jwt-header-key-injection", "--auth", "bearer:env:TOKEN", "--format", "json", "--no-store"];
      const opts = { env: { TOKEN: issue("alice") }, timeoutMs: 120_000, cwd: dir };
      // The listener is where the setting says: the URL the target fetched names that port.
      const byFile = JSON.parse((await runCli(args, opts)).stdout) as ScanReport;
      expect(byFile.options["callbackHost"]).toBe(`127.0.0.1:${fromFile}`);
      expect(app.jku.fetched).toEqual([expect.stringMatching(new RegExp(`^http://127\\.0\\.0\\.1:${fromFile}/rampart-`))]);
      expect(byFile.findings.map((f) => f.checkId)).toEqual(["authentication.jwt-header-key-injection"]);

      const byFlag = JSON.parse((await runCli([...args, "--callback-host", `127.0.0.1:${fromFlag}`], opts)).stdout) as ScanReport;
      expect(byFlag.options["callbackHost"]).toBe(`127.0.0.1:${fromFlag}`);
      expect(app.jku.fetched[1]).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${fromFlag}/rampart-`));

      writeFileSync(join(dir, ".rampart.yml"), "mode: active\ncallbackHost: http://10.0.0.5/x\n");
      const bad = await runCli(args, opts);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim()).toBe(
        "rampart: .rampart.yml: callbackHost: callbackHost must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got 'http://10.0.0.5/x')",
      );
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
