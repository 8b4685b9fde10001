// Stored scans as the API shows them: the target's current triage applied to the report exactly like
// baseline entries (suppressed findings count toward neither score nor grade), summaries kept in step.
import { applyBaselineToReport } from "../config/baseline.js";
import type { ScanReport } from "../core/types.js";
import { SEVERITIES } from "../core/types.js";
import { TriageTable, targetKey, type ScanStore, type ScanSummary, type StoredScan } from "../store/index.js";
import type { LiveProgress } from "./runner.js";

export class ScanViews {
  private readonly triage: TriageTable;
  constructor(private readonly store: ScanStore) {
    this.triage = new TriageTable(store);
  }

  /** The report with today's triage of its target applied. */
  report(report: ScanReport, now = new Date()): ScanReport {
    return applyBaselineToReport(report, this.triage.baseline(report.target.url), now);
  }

  /** A stored scan with triage applied to its report and summary. */
  stored(scan: StoredScan): StoredScan {
    if (!scan.report) return scan;
    const report = this.report(scan.report);
    if (report === scan.report) return scan;
    return { ...scan, ...summaryOf(report), report };
  }

  /** Summaries of targets with triage are re-scored from their reports; the rest are as stored. */
  summaries(items: ScanSummary[]): ScanSummary[] {
    const triaged = this.triage.targetKeys();
    if (triaged.size === 0) return items;
    return items.map((s) => {
      if (s.status !== "completed" || !triaged.has(targetKey(s.target))) return s;
      const full = this.store.get(s.id);
      if (!full) return s;
      const { options: _options, report: _report, ...summary } = this.stored(full);
      return summary;
    });
  }

  detail(scan: StoredScan, progress: LiveProgress | null): Record<string, unknown> {
    const view = this.stored(scan);
    const r = view.report;
    return {
      ...view,
      counts: view.findings,
      progress,
      categories: r?.categories ?? [],
      findings: r?.findings ?? [],
      suppressed: r?.suppressed ?? [],
      errors: r?.errors ?? [],
      report: r,
    };
  }
}

function summaryOf(report: ScanReport): Pick<ScanSummary, "score" | "grade" | "findings"> {
  const findings = { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 };
  for (const f of report.findings) {
    if ((SEVERITIES as readonly string[]).includes(f.severity)) findings[f.severity] += 1;
    findings.total += 1;
  }
  return { score: Math.round(report.score), grade: report.grade, findings };
}
