// Scan-to-scan diff: a pure function of two reports. Findings match by their stable id.
import type { CategoryId, Finding, Grade, ScanReport, Severity } from "../core/types.js";
import { SEVERITIES } from "../core/types.js";

export interface DiffFinding {
  id: string;
  checkId: string;
  category: CategoryId;
  severity: Severity;
  title: string;
  /** `GET /users/{id}`, or null for host-level findings. */
  operation: string | null;
}

export interface SeverityChange extends DiffFinding {
  from: Severity;
  to: Severity;
  direction: "raised" | "lowered";
}

export interface CategoryDelta {
  id: CategoryId;
  name: string;
  scoreFrom: number | null;
  scoreTo: number | null;
  /** null when the category is not applicable on one side. */
  delta: number | null;
  findingsFrom: number;
  findingsTo: number;
  newFindings: number;
  resolvedFindings: number;
}

export interface ScanRef {
  scanId: string;
  target: string;
  startedAt: string;
  score: number;
  grade: Grade;
}

export interface ScanDiff {
  kind: "rampart-diff";
  version: "1";
  base: ScanRef;
  head: ScanRef;
  sameTarget: boolean;
  score: { from: number; to: number; delta: number };
  grade: { from: Grade; to: Grade; direction: "better" | "worse" | "same" };
  newFindings: DiffFinding[];
  resolvedFindings: DiffFinding[];
  severityChanges: SeverityChange[];
  /** Findings present in both scans at the same severity. */
  unchanged: number;
  /** Every category whose score, applicability or findings changed. */
  categories: CategoryDelta[];
}

const GRADE_ORDER: readonly Grade[] = ["F", "D", "C", "B", "A"];

/** Lower is more severe: critical 0 … info 4. */
export function severityRank(s: Severity): number {
  const i = SEVERITIES.indexOf(s);
  return i < 0 ? SEVERITIES.length : i;
}

function ref(r: ScanReport): ScanRef {
  return { scanId: r.scanId, target: r.target.url, startedAt: r.startedAt, score: r.score, grade: r.grade };
}

function toDiffFinding(f: Finding): DiffFinding {
  return {
    id: f.id,
    checkId: f.checkId,
    category: f.category,
    severity: f.severity,
    title: f.title,
    operation: f.operation ? `${f.operation.method} ${f.operation.path}` : null,
  };
}

function bySeverity(a: DiffFinding, b: DiffFinding): number {
  return severityRank(a.severity) - severityRank(b.severity) || a.checkId.localeCompare(b.checkId) || a.id.localeCompare(b.id);
}

/** `base` is the earlier scan, `head` the later one (as in `git diff base head`). */
export function diffReports(base: ScanReport, head: ScanReport): ScanDiff {
  const before = new Map(base.findings.map((f) => [f.id, f]));
  const after = new Map(head.findings.map((f) => [f.id, f]));
  const newFindings: DiffFinding[] = [];
  const resolvedFindings: DiffFinding[] = [];
  const severityChanges: SeverityChange[] = [];
  let unchanged = 0;
  for (const [id, f] of after) {
    const old = before.get(id);
    if (!old) newFindings.push(toDiffFinding(f));
    else if (old.severity !== f.severity) {
      const direction = severityRank(f.severity) < severityRank(old.severity) ? "raised" : "lowered";
      severityChanges.push({ ...toDiffFinding(f), from: old.severity, to: f.severity, direction });
    } else unchanged += 1;
  }
  for (const [id, f] of before) if (!after.has(id)) resolvedFindings.push(toDiffFinding(f));

  const gradeFrom = GRADE_ORDER.indexOf(base.grade);
  const gradeTo = GRADE_ORDER.indexOf(head.grade);
  return {
    kind: "rampart-diff",
    version: "1",
    base: ref(base),
    head: ref(head),
    sameTarget: base.target.url.replace(/\/+$/, "") === head.target.url.replace(/\/+$/, ""),
    score: { from: base.score, to: head.score, delta: head.score - base.score },
    grade: { from: base.grade, to: head.grade, direction: gradeTo > gradeFrom ? "better" : gradeTo < gradeFrom ? "worse" : "same" },
    newFindings: newFindings.sort(bySeverity),
    resolvedFindings: resolvedFindings.sort(bySeverity),
    severityChanges: severityChanges.sort(bySeverity),
    unchanged,
    categories: categoryDeltas(base, head, newFindings, resolvedFindings),
  };
}

function categoryDeltas(base: ScanReport, head: ScanReport, added: DiffFinding[], removed: DiffFinding[]): CategoryDelta[] {
  const ids: CategoryId[] = [];
  for (const c of [...base.categories, ...head.categories]) if (!ids.includes(c.id)) ids.push(c.id);
  const out: CategoryDelta[] = [];
  for (const id of ids) {
    const a = base.categories.find((c) => c.id === id);
    const b = head.categories.find((c) => c.id === id);
    const scoreFrom = a?.applicable ? a.score : null;
    const scoreTo = b?.applicable ? b.score : null;
    const delta: CategoryDelta = {
      id,
      name: b?.name ?? a?.name ?? id,
      scoreFrom,
      scoreTo,
      delta: scoreFrom !== null && scoreTo !== null ? scoreTo - scoreFrom : null,
      findingsFrom: base.findings.filter((f) => f.category === id).length,
      findingsTo: head.findings.filter((f) => f.category === id).length,
      newFindings: added.filter((f) => f.category === id).length,
      resolvedFindings: removed.filter((f) => f.category === id).length,
    };
    const changed =
      delta.scoreFrom !== delta.scoreTo ||
      delta.findingsFrom !== delta.findingsTo ||
      delta.newFindings > 0 ||
      delta.resolvedFindings > 0;
    if (changed) out.push(delta);
  }
  return out;
}

/** What gates CI: new findings at or above `failOn`, and findings whose severity rose to at least `failOn`. */
export function diffRegressions(diff: ScanDiff, failOn: Severity): DiffFinding[] {
  const limit = severityRank(failOn);
  const raised = diff.severityChanges.filter((c) => c.direction === "raised" && severityRank(c.to) <= limit);
  return [...diff.newFindings.filter((f) => severityRank(f.severity) <= limit), ...raised].sort(bySeverity);
}
