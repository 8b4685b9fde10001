// What changed between two runs of a monitor: findings (new, resolved, severity), score and grade overall
// and per category, certificates crossing an expiry threshold, and inventory drift. A pure function of two
// reports; the previous one is the monitor's previous completed run (null on its first run).
import type { CategoryId, Grade, ScanReport } from "../core/types.js";
import { diffReports, type DiffFinding, type SeverityChange } from "../diff/index.js";
import { expiringCertificates, type CertificateAlert } from "./certificates.js";
import { inventoryDrift, type InventoryDrift } from "./inventory.js";

export interface CategoryChange {
  id: CategoryId;
  name: string;
  scoreFrom: number | null;
  scoreTo: number | null;
  gradeFrom: Grade | null;
  gradeTo: Grade | null;
}

export interface RunChanges {
  /** The first completed run: there is nothing to compare with, every finding counts as new. */
  firstRun: boolean;
  previousScanId: string | null;
  score: { from: number | null; to: number; delta: number | null };
  grade: { from: Grade | null; to: Grade; direction: "better" | "worse" | "same" | null };
  /** Categories whose score, grade or applicability moved. */
  categories: CategoryChange[];
  newFindings: DiffFinding[];
  resolvedFindings: DiffFinding[];
  severityChanges: SeverityChange[];
  certificates: CertificateAlert[];
  inventory: InventoryDrift | null;
}

const GRADE_ORDER: readonly Grade[] = ["F", "D", "C", "B", "A"];

function categoryChanges(previous: ScanReport, current: ScanReport): CategoryChange[] {
  const ids: CategoryId[] = [];
  for (const c of [...previous.categories, ...current.categories]) if (!ids.includes(c.id)) ids.push(c.id);
  const out: CategoryChange[] = [];
  for (const id of ids) {
    const a = previous.categories.find((c) => c.id === id);
    const b = current.categories.find((c) => c.id === id);
    const change: CategoryChange = {
      id,
      name: b?.name ?? a?.name ?? id,
      scoreFrom: a?.applicable ? Math.round(a.score) : null,
      scoreTo: b?.applicable ? Math.round(b.score) : null,
      gradeFrom: a?.applicable ? a.grade : null,
      gradeTo: b?.applicable ? b.grade : null,
    };
    if (change.scoreFrom !== change.scoreTo || change.gradeFrom !== change.gradeTo) out.push(change);
  }
  return out;
}

export function detectChanges(previous: ScanReport | null, current: ScanReport): RunChanges {
  const score = Math.round(current.score);
  if (!previous) {
    const empty = { ...current, findings: [], categories: [] } as ScanReport;
    return {
      firstRun: true,
      previousScanId: null,
      score: { from: null, to: score, delta: null },
      grade: { from: null, to: current.grade, direction: null },
      categories: [],
      newFindings: diffReports(empty, current).newFindings,
      resolvedFindings: [],
      severityChanges: [],
      certificates: expiringCertificates(null, current),
      inventory: null,
    };
  }
  const diff = diffReports(previous, current);
  const from = Math.round(previous.score);
  const rank = (g: Grade) => GRADE_ORDER.indexOf(g);
  return {
    firstRun: false,
    previousScanId: previous.scanId,
    score: { from, to: score, delta: score - from },
    grade: {
      from: previous.grade,
      to: current.grade,
      direction: rank(current.grade) > rank(previous.grade) ? "better" : rank(current.grade) < rank(previous.grade) ? "worse" : "same",
    },
    categories: categoryChanges(previous, current),
    newFindings: diff.newFindings,
    resolvedFindings: diff.resolvedFindings,
    severityChanges: diff.severityChanges,
    certificates: expiringCertificates(previous, current),
    inventory: inventoryDrift(previous, current),
  };
}

/** The run's change summary as stored with the run and shown in lists: counts and the small lists. */
export function changeSummary(c: RunChanges): Record<string, unknown> {
  return {
    firstRun: c.firstRun,
    previousScanId: c.previousScanId,
    score: c.score,
    grade: c.grade,
    categories: c.categories,
    newFindings: c.newFindings.length,
    resolvedFindings: c.resolvedFindings.length,
    severityChanges: c.severityChanges,
    certificates: c.certificates,
    inventory: c.inventory,
  };
}
