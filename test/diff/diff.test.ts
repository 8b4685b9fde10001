import { describe, expect, it } from "vitest";
import { diffRegressions, diffReports, renderDiff } from "../../src/diff/index.js";
import { makeReport } from "../store/fixtures/report.js";

const base = makeReport({
  scanId: "base",
  score: 72,
  grade: "C",
  categoryScores: { encryption: 60, authentication: 90 },
  findings: [
    { id: "keep", category: "encryption", severity: "medium", path: "/a" },
    { id: "fixed", category: "authentication", severity: "high", path: "/login" },
    { id: "raised", category: "encryption", severity: "medium", path: "/b" },
    { id: "lowered", category: "encryption", severity: "high", path: "/c" },
  ],
});
const head = makeReport({
  scanId: "head",
  score: 65,
  grade: "D",
  categoryScores: { encryption: 40, authentication: 100, dataExposure: 75 },
  findings: [
    { id: "keep", category: "encryption", severity: "medium", path: "/a" },
    { id: "raised", category: "encryption", severity: "critical", path: "/b" },
    { id: "lowered", category: "encryption", severity: "low", path: "/c" },
    { id: "new-low", category: "dataExposure", severity: "low", path: "/d", title: "evil\u001b[31m title" },
    { id: "new-high", category: "dataExposure", severity: "high", path: "/e" },
  ],
});

describe("diffReports", () => {
  const diff = diffReports(base, head);

  it("classifies findings by stable id", () => {
    expect(diff.newFindings.map((f) => f.id)).toEqual(["new-high", "new-low"]);
    expect(diff.resolvedFindings.map((f) => f.id)).toEqual(["fixed"]);
    expect(diff.severityChanges.map((c) => [c.id, c.from, c.to, c.direction])).toEqual([
      ["raised", "medium", "critical", "raised"],
      ["lowered", "high", "low", "lowered"],
    ]);
    expect(diff.unchanged).toBe(1);
    expect(diff.newFindings[0]?.operation).toBe("GET /e");
  });

  it("reports score and grade drift", () => {
    expect(diff.score).toEqual({ from: 72, to: 65, delta: -7 });
    expect(diff.grade).toEqual({ from: "C", to: "D", direction: "worse" });
    expect(diffReports(head, base).grade.direction).toBe("better");
    expect(diff.sameTarget).toBe(true);
  });

  it("lists per-category deltas only where something changed", () => {
    const byId = Object.fromEntries(diff.categories.map((c) => [c.id, c]));
    expect(Object.keys(byId).sort()).toEqual(["authentication", "dataExposure", "encryption"]);
    expect(byId.encryption).toMatchObject({ scoreFrom: 60, scoreTo: 40, delta: -20, findingsFrom: 3, findingsTo: 3, newFindings: 0 });
    expect(byId.authentication).toMatchObject({ delta: 10, findingsFrom: 1, findingsTo: 0, resolvedFindings: 1 });
    expect(byId.dataExposure).toMatchObject({ delta: -25, findingsTo: 2, newFindings: 2 });
  });

  it("is empty between a report and itself", () => {
    const same = diffReports(head, head);
    expect(same.newFindings).toEqual([]);
    expect(same.resolvedFindings).toEqual([]);
    expect(same.severityChanges).toEqual([]);
    expect(same.categories).toEqual([]);
    expect(same.unchanged).toBe(head.findings.length);
  });

  it("gates on new findings and escalations at or above the threshold", () => {
    expect(diffRegressions(diff, "critical").map((f) => f.id)).toEqual(["raised"]);
    expect(diffRegressions(diff, "high").map((f) => f.id)).toEqual(["raised", "new-high"]);
    expect(diffRegressions(diff, "low").map((f) => f.id)).toEqual(["raised", "new-high", "new-low"]);
    expect(diffRegressions(diffReports(head, base), "info").map((f) => f.id)).toEqual(["fixed", "lowered"]);
  });
});

describe("renderDiff", () => {
  const diff = diffReports(base, head);

  it("renders readable text with every section and no target-supplied escape sequences", () => {
    const text = renderDiff(diff, "text", { color: false });
    expect(text).toContain("Rampart diff base → head");
    expect(text).toContain("Score   72 → 65 (-7)");
    expect(text).toContain("Grade   C → D (worse)");
    expect(text).toContain("New findings (2)");
    expect(text).toContain("Resolved findings (1)");
    expect(text).toContain("Severity changes (2)");
    expect(text).toMatch(/medium → critical\s+encryption\.hsts-missing {2}GET \/b/);
    expect(text).toMatch(/encryption\s+60 → {2}40 \(-20\)/);
    expect(text).not.toContain("\u001b");
    expect(renderDiff(diffReports(head, head), "text", { color: false })).toContain("No change in findings (5 unchanged).");
  });

  it("colours only when asked", () => {
    expect(renderDiff(diff, "text", { color: true })).toContain("\u001b[");
  });

  it("renders JSON that round-trips", () => {
    const parsed = JSON.parse(renderDiff(diff, "json", { color: false })) as typeof diff;
    expect(parsed).toEqual(diff);
    expect(parsed.kind).toBe("rampart-diff");
  });

  it("truncates long sections with a count", () => {
    const many = makeReport({ scanId: "many", findings: Array.from({ length: 7 }, (_, i) => ({ id: `n${i}` })) });
    const text = renderDiff(diffReports(makeReport({ scanId: "none" }), many), "text", { color: false, maxFindings: 3 });
    expect(text).toContain("… and 4 more");
  });
});
