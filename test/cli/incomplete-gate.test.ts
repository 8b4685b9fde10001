// The gate never passes an incomplete scan: through the built CLI, a budget far too small for the spec,
// an API answering 500 everywhere and a target that dies mid-scan exit 2 ("could not scan").
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { runCli } from "../helpers/cli.js";
import type { RunningServer } from "../helpers/fixture-server.js";
import { startBroken, startDying, startHealthy } from "../engine/_coverage-apps.js";

let healthy: RunningServer;
let broken: RunningServer;

beforeAll(async () => {
  healthy = await startHealthy();
  broken = await startBroken();
});
afterAll(async () => {
  await healthy.close();
  await broken.close();
});

const scanCli = (url: string, args: string[]) =>
  runCli(["scan", url, "--spec", `${url}/openapi.json`, "--no-store", "--timeout", "3000", ...args], { timeoutMs: 120_000 });

describe("gate on incomplete scans", () => {
  it("--budget 5 --threshold A exits 2, could not scan, and never shows the grade without 'incomplete'", async () => {
    const r = await scanCli(healthy.url, ["--budget", "5", "--threshold", "A"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/could not scan: scan incomplete: coverage \d+% is below the floor of 70%/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toMatch(/Grade [A-F] \(incomplete\)/);
    expect(r.stdout).toContain("not sent (budget)");
  }, 120_000);

  it("the full scan of the same API is complete and its gate decides by score", async () => {
    const r = await scanCli(healthy.url, ["--format", "json", "--fail-on", "critical"]);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.incomplete).toBeNull();
    expect(report.coverage?.ratio).toBe(1);
  }, 120_000);

  it("an API answering 500 everywhere fails --fail-on with exit 2, not a pass", async () => {
    const r = await scanCli(broken.url, ["--fail-on", "critical", "--format", "json"]);
    expect(r.code, r.stderr).toBe(2);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.incomplete?.map((x) => x.code)).toContain("below-coverage-floor");
    expect(r.stderr).toContain("could not scan");
  }, 120_000);

  it("without a gate an incomplete scan still exits 0 but warns on stderr", async () => {
    const r = await scanCli(broken.url, []);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("warning: the scan is incomplete");
    expect(r.stdout).toMatch(/Grade [A-F] \(incomplete\)/);
  }, 120_000);

  it("a target that dies mid-scan is named in the summary and fails the gate with exit 2", async () => {
    const dying = await startDying(6);
    try {
      const r = await scanCli(dying.url, ["--threshold", "0"]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain("target stopped answering mid-scan");
      expect(r.stdout).toContain("Incomplete: target stopped answering mid-scan");
    } finally {
      await dying.close();
    }
  }, 120_000);
});
