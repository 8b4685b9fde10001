// A scan knows how much it saw: coverage against real fixture servers on 127.0.0.1 — healthy, answering
// 500 everywhere, dying mid-scan, cut short by the budget.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { scan } from "../../src/engine/scan.js";
import { validateReport } from "../../src/report/validate.js";
import { COVERAGE_FLOOR } from "../../src/scoring/rubric.js";
import type { RunningServer } from "../helpers/fixture-server.js";
import { startBroken, startDying, startHealthy } from "./_coverage-apps.js";

let healthy: RunningServer;
let broken: RunningServer;
let healthyReport: ScanReport;

const run = (url: string, extra: Record<string, unknown> = {}) =>
  scan({ target: url, spec: `${url}/openapi.json`, timeoutMs: 3000, ...extra });

beforeAll(async () => {
  healthy = await startHealthy();
  broken = await startBroken();
  healthyReport = await run(healthy.url);
}, 60_000);
afterAll(async () => {
  await healthy.close();
  await broken.close();
});

describe("coverage", () => {
  it("a healthy API is fully covered and complete", () => {
    const c = healthyReport.coverage!;
    expect(validateReport(healthyReport)).toEqual([]);
    expect(healthyReport.incomplete).toBeNull();
    expect(c.operations).toEqual({ planned: 12, exercised: 12 });
    expect(c.ratio).toBeGreaterThanOrEqual(COVERAGE_FLOOR);
    expect(c.requests.failed).toEqual({ connection: 0, timeout: 0, serverError: 0, throttled: 0, budget: 0 });
    expect(c.requests.sent).toBeGreaterThan(100);
    expect(c.requests.answered).toBe(c.requests.sent);
    expect(c.notTested).toEqual([]);
    // per category: what ran, what it sent
    const input = c.categories.find((x) => x.id === "inputValidation");
    expect(input?.tested).toBe(true);
    expect(input?.checks.planned).toBeGreaterThan(0);
  });

  it("an API answering 500 everywhere is incomplete, not graded like the healthy one", async () => {
    const r = await run(broken.url);
    expect(validateReport(r)).toEqual([]);
    const c = r.coverage!;
    expect(c.operations.exercised).toBe(0);
    expect(c.requests.failed.serverError).toBeGreaterThanOrEqual(12);
    expect(r.incomplete?.map((x) => x.code)).toContain("below-coverage-floor");
    expect(r.incomplete?.find((x) => x.code === "below-coverage-floor")?.message).toMatch(/0\/12 operations .* answered 5xx/);
    // checks whose probes all failed are not tested, not passed
    expect(c.notTested.length).toBeGreaterThan(0);
    for (const n of c.notTested) expect(n.reason).toMatch(/no usable answer/);
    expect(healthyReport.incomplete).toBeNull();
  }, 60_000);

  it("a target that dies mid-scan is named unreachable mid-scan", async () => {
    const dying = await startDying(6);
    try {
      const r = await run(dying.url);
      expect(validateReport(r)).toEqual([]);
      const codes = r.incomplete?.map((x) => x.code) ?? [];
      expect(codes).toContain("unreachable-mid-scan");
      const dead = r.incomplete!.find((x) => x.code === "unreachable-mid-scan")!;
      expect(dead.message).toMatch(/target stopped answering mid-scan: the last \d+ request\(s\)/);
      expect(dead.message).toMatch(/connection (refused|reset|closed)/);
      expect(r.coverage!.requests.failed.connection).toBeGreaterThanOrEqual(5);
    } finally {
      await dying.close();
    }
  }, 60_000);

  it("a scan cut short by the budget counts the requests it never sent and is incomplete", async () => {
    const r = await run(healthy.url, { budget: 5 });
    expect(validateReport(r)).toEqual([]);
    const c = r.coverage!;
    expect(c.requests.failed.budget).toBeGreaterThan(0);
    expect(c.operations.planned).toBe(12);
    expect(c.operations.exercised).toBeLessThan(12);
    expect(c.ratio).toBeLessThan(COVERAGE_FLOOR);
    expect(r.incomplete?.[0]?.code).toBe("below-coverage-floor");
    expect(r.incomplete?.[0]?.message).toMatch(/not sent \(budget\)/);
  }, 60_000);
});
