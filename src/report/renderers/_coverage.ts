// What every renderer says about how much a scan saw: coverage, failed requests by cause, incomplete
// reasons, the cap with the uncapped score. Plain text; each renderer escapes it for its format.
import type { CategoryScore, RequestFailures, ScanReport } from "../../core/types.js";

const FAILURE_LABELS: [keyof RequestFailures, string][] = [
  ["connection", "connection failed"],
  ["timeout", "timed out"],
  ["serverError", "answered 5xx"],
  ["throttled", "answered 429"],
  ["budget", "not sent (budget)"],
];

export function isIncomplete(report: ScanReport): boolean {
  return Boolean(report.incomplete?.length);
}

/** `F` or `F (incomplete)`: no letter grade without saying the scan is incomplete. */
export function gradeLabel(report: ScanReport): string {
  return isIncomplete(report) ? `${report.grade} (incomplete)` : report.grade;
}

export function incompleteReasons(report: ScanReport): string[] {
  return (report.incomplete ?? []).map((r) => r.message);
}

const pct = (r: number): string => `${Math.floor(r * 100)}%`;

/** `3 connection failed, 6 answered 5xx`, or "" when every request was answered. */
export function failureText(f: RequestFailures): string {
  return FAILURE_LABELS.filter(([k]) => f[k] > 0)
    .map(([k, label]) => `${f[k]} ${label}`)
    .join(", ");
}

/** One line: `Coverage 100% (floor 70%): 12/12 operations, 67/67 checks; 112 requests, 103 answered (…)`. */
export function coverageLine(report: ScanReport): string | null {
  const c = report.coverage;
  if (!c) return null;
  const failures = failureText(c.requests.failed);
  return (
    `Coverage ${pct(c.ratio)} (floor ${pct(c.floor)}): ${c.operations.exercised}/${c.operations.planned} operations, ` +
    `${c.checks.exercised}/${c.checks.planned} checks exercised; ${c.requests.sent} requests, ${c.requests.answered} answered` +
    (failures ? ` (${failures})` : "")
  );
}

/** `Score capped at 59 by critical finding x (74 uncapped)`, or null. */
export function capLine(report: ScanReport): string | null {
  const cap = report.cap;
  if (!cap.applied) return null;
  if (cap.uncapped === undefined || cap.uncapped === null) return cap.reason ? `Score capped at ${cap.limit}: ${cap.reason}` : null;
  return `Score capped at ${cap.limit} by ${cap.checkId ?? "a finding"}${cap.findingId ? ` (finding ${cap.findingId})` : ""}; ${cap.uncapped} uncapped`;
}

/** A category applicable but never exercised: say "not tested", never show its 100 as a pass. */
export function isNotTested(c: CategoryScore): boolean {
  return c.applicable && c.notTested === true;
}

/** Per-category coverage text, e.g. `5/5 checks; 2 answered 5xx`, or null. */
export function categoryCoverage(report: ScanReport, id: string): string | null {
  const c = report.coverage?.categories.find((x) => x.id === id);
  if (!c) return null;
  const failures = failureText(c.requests.failed);
  return `${c.checks.exercised}/${c.checks.planned} checks` + (failures ? `; ${failures}` : "");
}
