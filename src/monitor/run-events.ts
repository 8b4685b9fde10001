// A monitor run's events (the contract in ./events.ts, documented in docs/monitoring.md): built from the
// run's outcome and its changes since the previous run, in the order a reader wants them — recovery first,
// then findings, grade, certificates, and the run's summary last.
import type { Finding, ScanReport, Severity } from "../core/types.js";
import type { DiffFinding } from "../diff/index.js";
import type { RunChanges } from "./changes.js";
import { expirySeverity } from "./certificates.js";
import { newEventId, type EventMonitorRef, type EventType, type RampartEvent } from "./events.js";

export interface EventContext {
  monitor: EventMonitorRef;
  target: string;
  scanId: string | null;
  /** The scan in the dashboard; null when the server's public URL is unknown. */
  link: string | null;
  now: Date;
}

export interface EventFinding extends DiffFinding {
  reproduce: string | null;
  fix: string | null;
}

/** `https://rampart.example/#/scans/<id>`: the dashboard's scan view. */
export function scanLink(publicUrl: string | null, scanId: string | null): string | null {
  if (!publicUrl || !scanId) return null;
  return `${publicUrl.replace(/\/+$/, "")}/#/scans/${encodeURIComponent(scanId)}`;
}

function event(ctx: EventContext, type: EventType, severity: Severity | null, data: Record<string, unknown>): RampartEvent {
  return {
    id: newEventId(ctx.now),
    type,
    createdAt: ctx.now.toISOString(),
    monitor: ctx.monitor,
    target: ctx.target,
    scanId: ctx.scanId,
    link: ctx.link,
    severity,
    data,
  };
}

function withDetail(f: DiffFinding, full: Finding | undefined): EventFinding {
  return { ...f, reproduce: full?.reproduce ?? null, fix: full?.remediation?.summary ?? null };
}

function counts(report: ScanReport): Record<Severity | "total", number> {
  const c = { critical: 0, high: 0, medium: 0, low: 0, info: 0, total: 0 };
  for (const f of report.findings) {
    c[f.severity] += 1;
    c.total += 1;
  }
  return c;
}

export interface Recovery {
  /** When the first failing run of the outage started. */
  downSince: string;
  lastError: string | null;
}

export function completedRunEvents(
  ctx: EventContext,
  previous: ScanReport | null,
  report: ScanReport,
  changes: RunChanges,
  recovered: Recovery | null,
): RampartEvent[] {
  const events: RampartEvent[] = [];
  if (recovered) events.push(event(ctx, "target.recovered", null, { downSince: recovered.downSince, lastError: recovered.lastError }));
  const now = new Map(report.findings.map((f) => [f.id, f]));
  const before = new Map((previous?.findings ?? []).map((f) => [f.id, f]));
  for (const f of changes.newFindings) {
    events.push(event(ctx, "finding.new", f.severity, { finding: withDetail(f, now.get(f.id)), firstRun: changes.firstRun }));
  }
  for (const f of changes.resolvedFindings) {
    events.push(event(ctx, "finding.resolved", f.severity, { finding: withDetail(f, before.get(f.id)), lastSeenScanId: changes.previousScanId }));
  }
  const categoryGrades = changes.categories.filter((c) => c.gradeFrom !== null && c.gradeTo !== null && c.gradeFrom !== c.gradeTo);
  if (changes.grade.from !== null && (changes.grade.from !== changes.grade.to || categoryGrades.length > 0)) {
    events.push(
      event(ctx, "grade.changed", null, {
        from: changes.grade.from,
        to: changes.grade.to,
        direction: changes.grade.direction,
        score: changes.score,
        categories: categoryGrades,
      }),
    );
  }
  for (const c of changes.certificates) events.push(event(ctx, "certificate.expiring", expirySeverity(c.threshold), { ...c }));
  events.push(
    event(ctx, "scan.completed", null, {
      score: changes.score,
      grade: changes.grade,
      findings: counts(report),
      newFindings: changes.newFindings.length,
      resolvedFindings: changes.resolvedFindings.length,
      severityChanges: changes.severityChanges,
      categories: changes.categories,
      inventory: changes.inventory,
      firstRun: changes.firstRun,
      incomplete: (report.incomplete ?? []).map((r) => r.message),
      durationMs: report.durationMs,
      requestsSent: report.requests.sent,
    }),
  );
  return events;
}

export function failedRunEvents(ctx: EventContext, error: string, unreachable: boolean, becameUnreachable: boolean): RampartEvent[] {
  const events: RampartEvent[] = [];
  if (becameUnreachable) events.push(event(ctx, "target.unreachable", "high", { error }));
  events.push(event(ctx, "scan.failed", null, { error, unreachable }));
  return events;
}
