// The CI gate: a score/grade threshold and a severity floor. Pure; surfaces map the result to exit 0/1/2.
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
  /** The scan is incomplete (coverage under the floor, target stopped answering): exit 2, "could not scan". */
  couldNotScan?: boolean;
}

/** Exit codes of a gated scan: 0 passed, 1 failed, 2 could not scan. */
export function gateExitCode(gate: GateResult): 0 | 1 | 2 {
  if (gate.couldNotScan) return 2;
  return gate.passed ? 0 : 1;
}

export function thresholdScore(t: number | Grade): number {
  if (typeof t === "number") return t;
  return GRADE_BANDS.find((b) => b.grade === t)?.min ?? 0;
}

export function evaluateGate(report: ScanReport, gate: GateOptions): GateResult {
  const reasons: string[] = [];
  // An incomplete scan never passes: its score says nothing about what it did not see.
  const incomplete = report.incomplete ?? [];
  for (const r of incomplete) reasons.push(`scan incomplete: ${r.message}`);
  if (gate.threshold !== undefined && gate.threshold !== null) {
    const min = thresholdScore(gate.threshold);
    if (report.score < min) reasons.push(`score ${report.score} is under the threshold ${gate.threshold}${typeof gate.threshold === "string" ? ` (${min})` : ""}`);
  }
  if (gate.failOn) {
    const floor = SEVERITY_ORDER[gate.failOn];
    const hits = report.findings.filter((f) => SEVERITY_ORDER[f.severity] <= floor);
    if (hits.length) reasons.push(`${hits.length} finding(s) at or above ${gate.failOn}`);
  }
  return { passed: reasons.length === 0, reasons, ...(incomplete.length ? { couldNotScan: true } : {}) };
}

export function isSeverity(v: string): v is Severity {
  return (SEVERITIES as readonly string[]).includes(v);
}
