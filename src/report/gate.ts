// The CI gate: a score/grade threshold and a severity floor. Pure; the CLI maps `passed` to exit 0/1.
import { SEVERITIES, type Grade, type ScanReport, type Severity } from "../core/types.js";
import { GRADE_BANDS, SEVERITY_ORDER } from "../scoring/rubric.js";

export interface GateOptions {
  /** Minimum score 0-100, or a grade (its band minimum). */
  threshold?: number | Grade | null;
  /** Fail when any finding is at or above this severity. */
  failOn?: Severity | null;
}

export interface GateResult {
  passed: boolean;
  reasons: string[];
}

export function thresholdScore(t: number | Grade): number {
  if (typeof t === "number") return t;
  return GRADE_BANDS.find((b) => b.grade === t)?.min ?? 0;
}

export function evaluateGate(report: ScanReport, gate: GateOptions): GateResult {
  const reasons: string[] = [];
  if (gate.threshold !== undefined && gate.threshold !== null) {
    const min = thresholdScore(gate.threshold);
    if (report.score < min) reasons.push(`score ${report.score} is under the threshold ${gate.threshold}${typeof gate.threshold === "string" ? ` (${min})` : ""}`);
  }
  if (gate.failOn) {
    const floor = SEVERITY_ORDER[gate.failOn];
    const hits = report.findings.filter((f) => SEVERITY_ORDER[f.severity] <= floor);
    if (hits.length) reasons.push(`${hits.length} finding(s) at or above ${gate.failOn}`);
  }
  return { passed: reasons.length === 0, reasons };
}

export function isSeverity(v: string): v is Severity {
  return (SEVERITIES as readonly string[]).includes(v);
}
