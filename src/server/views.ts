// Stored scans as the API shows them: the target's current triage applied to the report exactly like
// baseline entries (suppressed findings count toward neither score nor grade), summaries kept in step.
import { applyBaselineToReport } from "../config/baseline.js";
import type { ScanReport } from "../core/types.js";
import { SEVERITIES } from "../core/types.js";
import { targetKey, triageBaseline, type RampartStore, type ScanSummary, type StoredScan } from "../store/index.js";
import type { LiveProgress } from "./runner.js";

export class ScanViews {
  constructor(private readonly store: RampartStore) {}

  /** The report with today's triage of its target applied. */
  async report(report: ScanReport, now = new Date()): Promise<ScanReport> {
    const baseline = triageBaseline(await this.store.triage.forTarget(report.target.url), this.store.location);
    return applyBaselineToReport(report, baseline, now);
  }

  /** A stored scan with triage applied to its report and summary. */
  async stored(scan: StoredScan): Promise<StoredScan> {
    if (!scan.report) return scan;
    const report = await this.report(scan.report);
    if (report === scan.report) return scan;
    return { ...scan, ...summaryOf(report), report };
  }

  /** Summaries of targets with triage are re-scored from their reports; the rest are as stored. */
  async summaries(items: ScanSummary[]): Promise<ScanSummary[]> {
    const triaged = await this.store.triage.targetKeys();
    if (triaged.size === 0) return items;
    return Promise.all(
      items.map(async (s) => {
        if (s.status !== "completed" || !triaged.has(targetKey(s.target))) return s;
        const full = await this.store.scans.get(s.id);
        if (!full) return s;
        const { options: _options, report: _report, ...summary } = await this.stored(full);
        return summary;
      }),
    );
  }

  async detail(scan: StoredScan, progress: LiveProgress | null): Promise<Record<string, unknown>> {
    const view = await this.stored(scan);
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
