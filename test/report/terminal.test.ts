// The summary, table and json renderers over the shared sample reports.
import { describe, expect, it } from "vitest";
import { evaluateGate } from "../../src/report/gate.js";
import { renderers } from "../../src/report/renderers/index.js";
import { validateReport } from "../../src/report/validate.js";
import { cleanReport, sampleReport } from "./fixtures/sample-report.js";

describe("terminal renderers", () => {
  it("summary shows grade, score, category bars, one line per finding and what to fix first", () => {
    const text = renderers.summary(sampleReport, { color: false });
    expect(text).toContain(`Grade ${sampleReport.grade}`);
    expect(text).toContain(`Score ${sampleReport.score}/100`);
    expect(text).toMatch(/█+░*/);
    expect(text).toContain("Fix first:");
    for (const f of sampleReport.findings.slice(0, 5)) expect(text).toContain(f.checkId);
    expect(text.includes("\u001b")).toBe(false); // no ANSI when colour is off, even from hostile evidence
  });

  it("summary neutralises control characters from target text even with colour on", () => {
    const text = renderers.summary(sampleReport, { color: true });
    expect(text).not.toContain("\u0007");
    expect(text).not.toContain("\u001b[31mRED");
  });

  it("summary of a clean report says so", () => {
    expect(renderers.summary(cleanReport, { color: false })).toContain("No findings.");
  });

  it("table lists every finding", () => {
    const text = renderers.table(sampleReport, { color: false });
    expect(text.split("\n").filter((l) => /^(critical|high|medium|low|info)\s/.test(l))).toHaveLength(sampleReport.findings.length);
  });

  it("json round-trips and validates against the shipped schema", () => {
    const parsed = JSON.parse(renderers.json(sampleReport, { color: false }));
    expect(parsed).toEqual(JSON.parse(JSON.stringify(sampleReport)));
    expect(validateReport(parsed)).toEqual([]);
    expect(validateReport({ ...parsed, grade: "Z" })).not.toEqual([]);
  });
});

describe("gate", () => {
  it("passes and fails on threshold (score or grade) and fail-on", () => {
    const r = { ...cleanReport, score: 75, grade: "C" as const, findings: sampleReport.findings };
    expect(evaluateGate(r, {}).passed).toBe(true);
    expect(evaluateGate(r, { threshold: 70 }).passed).toBe(true);
    expect(evaluateGate(r, { threshold: 76 }).passed).toBe(false);
    expect(evaluateGate(r, { threshold: "B" }).reasons[0]).toContain("(80)");
    expect(evaluateGate(r, { failOn: "critical" }).passed).toBe(!r.findings.some((f) => f.severity === "critical"));
    expect(evaluateGate({ ...r, findings: [] }, { failOn: "info" }).passed).toBe(true);
  });
});
