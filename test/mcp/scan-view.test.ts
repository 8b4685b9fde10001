// What an assistant is told about a scan's trustworthiness: coverage, incompleteness and the uncapped score.
import { describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import type { StoredScan } from "../../src/store/index.js";
import { scanText, scanView } from "../../src/surfaces/mcp/scan-view.js";
import { makeReport } from "../store/fixtures/report.js";

function stored(report: ScanReport): StoredScan {
  return {
    id: report.scanId,
    target: report.target.url,
    specUrl: null,
    status: "completed",
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    error: null,
    pid: null,
    score: report.score,
    grade: report.grade,
    findings: { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 },
    durationMs: 1000,
    requestsSent: 12,
    options: {},
    report,
  };
}

const coverage: NonNullable<ScanReport["coverage"]> = {
  ratio: 0.25,
  floor: 0.7,
  operations: { planned: 12, exercised: 3 },
  checks: { planned: 40, exercised: 30 },
  requests: { sent: 5, answered: 5, failed: { connection: 0, timeout: 0, serverError: 0, throttled: 0, budget: 7 } },
  notTested: [{ checkId: "authentication.no-auth", reason: "budget exhausted" }],
  categories: [],
};

describe("MCP scan view", () => {
  it("says an incomplete scan is incomplete, with its coverage and the checks it could not test", () => {
    const report = makeReport({ scanId: "s-incomplete", score: 100, grade: "A" });
    report.coverage = coverage;
    report.incomplete = [{ code: "below-coverage-floor", message: "the scan exercised 25% of the API, under the 70% floor" }];
    const view = scanView(stored(report));
    expect(view.incomplete).toBe("the scan exercised 25% of the API, under the 70% floor");
    expect(view.coverage).toMatchObject({ ratio: 0.25, floor: 0.7, operations: { planned: 12, exercised: 3 } });
    const text = scanText(view);
    expect(text).toContain("grade A (incomplete), score 100/100");
    expect(text).toContain("Incomplete — do not trust this grade: the scan exercised 25% of the API");
    expect(text).toContain("Coverage 25% (floor 70%): 3/12 operations, 30/40 checks; not tested: authentication.no-auth (budget exhausted).");
  });

  it("gives the uncapped score beside a cap, and no incompleteness for a complete scan", () => {
    const report = makeReport({ scanId: "s-capped", score: 79, grade: "C" });
    report.cap = { applied: true, limit: 79, reason: "capped at 79 by a high finding", uncapped: 96, findingId: "f1", checkId: "x" };
    report.coverage = { ...coverage, ratio: 1, operations: { planned: 12, exercised: 12 }, notTested: [] } satisfies NonNullable<ScanReport["coverage"]>;
    report.incomplete = null;
    const view = scanView(stored(report));
    expect(view.incomplete).toBeNull();
    expect(view.uncappedScore).toBe(96);
    const text = scanText(view);
    expect(text).toContain("grade C, score 79/100 (capped at 79 by a high finding; 96 uncapped).");
    expect(text).toContain("Coverage 100% (floor 70%): 12/12 operations");
    expect(text).not.toContain("Incomplete");
  });

  it("leaves coverage null for a report written before coverage was measured", () => {
    const report = makeReport({ scanId: "s-old" });
    delete report.coverage;
    expect(scanView(stored(report)).coverage).toBeNull();
  });

  it("tells the assistant about partly skipped checks and observations, which do not count, and has empty lists without them", () => {
    const report = makeReport({ scanId: "s-notes" });
    report.skipped.checks = [
      { checkId: "authentication.jwt-header-key-injection", reason: "jku and x5u not tried: the target is not on loopback", partial: true },
      { checkId: "llmSecurity.prompt-injection", reason: "no AI endpoint" },
    ];
    report.observations = [{ checkId: "authentication.jwt-header-key-injection", message: "the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/k but refused the token (401)" }];
    const view = scanView(stored(report));
    expect(view.partlySkipped).toEqual([{ checkId: "authentication.jwt-header-key-injection", reason: "jku and x5u not tried: the target is not on loopback" }]);
    expect(view.observations).toEqual(report.observations);
    const text = scanText(view);
    expect(text).toContain("Partly skipped: authentication.jwt-header-key-injection: jku and x5u not tried: the target is not on loopback");
    expect(text).toContain("Observed (not a finding, no score effect): authentication.jwt-header-key-injection: the target fetched the key set named in the token's jku header from http://127.0.0.1:4100/k but refused the token (401)");
    expect(text).not.toContain("no AI endpoint");
    const old = scanView(stored(makeReport({ scanId: "s-old" })));
    expect([old.partlySkipped, old.observations]).toEqual([[], []]);
  });
});
