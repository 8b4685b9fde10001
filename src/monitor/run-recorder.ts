// Recording a monitor run's end: the run row, what changed since the previous run, and the events it raised —
// the run and its events in one transaction of the store (MonitorRepository.finishRun), which closes only a
// run still `running`. Whoever records first wins and a second recording of the same run changes nothing,
// so the server's in-process runs and queue workers retrying a run both record it once.
import { applyBaselineToReport } from "../config/baseline.js";
import { TargetError } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { ScanEnd } from "../server/runner.js";
import { triageBaseline, type MonitorRepository, type RampartStore, type StoredScan } from "../store/index.js";
import type { MonitorRecord, MonitorRun } from "../store/monitors.js";
import { changeSummary, detectChanges } from "./changes.js";
import type { RampartEvent } from "./events.js";
import { completedRunEvents, failedRunEvents, scanLink, type EventContext, type Recovery } from "./run-events.js";

/** Messages of failures that mean the target did not answer (beside a TargetError from the engine). */
const UNREACHABLE = /cannot reach|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|timed? ?out|socket hang up/i;

export function isUnreachable(cause: unknown, message: string | null): boolean {
  if (cause instanceof TargetError) return true;
  return UNREACHABLE.test(message ?? "");
}

/** A scan's end as read back from its stored row (a retried queue job whose scan was recorded already). */
export function endOfStoredScan(stored: StoredScan): ScanEnd | null {
  if (stored.status !== "completed" && stored.status !== "failed" && stored.status !== "cancelled") return null;
  return { scanId: stored.id, status: stored.status, stored, error: stored.error, cause: null, interrupted: false };
}

export interface RunRecorderOptions {
  store: RampartStore;
  /** The dashboard's address for links in events; null when unknown. */
  publicUrl: () => string | null;
  now?: () => Date;
}

export class MonitorRunRecorder {
  private readonly now: () => Date;
  private readonly monitors: MonitorRepository;

  constructor(private readonly opts: RunRecorderOptions) {
    this.now = opts.now ?? (() => new Date());
    this.monitors = opts.store.monitors;
  }

  private context(m: MonitorRecord, scanId: string | null): EventContext {
    return { monitor: { id: m.id, name: m.name }, target: m.target, scanId, link: scanLink(this.opts.publicUrl(), scanId), now: this.now() };
  }

  /** The events of a run that could not start (guard refused the target, an identity is missing). */
  refusalEvents(m: MonitorRecord, error: string): RampartEvent[] {
    return failedRunEvents(this.context(m, null), error, false, false);
  }

  /** A run that could not start: failed, with scan.failed. */
  async recordRefusal(m: MonitorRecord, runId: number, error: string): Promise<void> {
    await this.monitors.finishRun(runId, { status: "failed", reachable: null, error }, this.refusalEvents(m, error), this.now());
  }

  /** Records the run of a scan whose end is written; false when the run was closed already (or is gone). */
  async recordEnd(m: MonitorRecord, runId: number, slot: Date, end: ScanEnd): Promise<boolean> {
    const monitors = this.monitors;
    const now = this.now();
    if (end.status === "cancelled") {
      return monitors.finishRun(runId, { status: "cancelled", scanId: end.scanId, reachable: null, error: end.error }, [], now);
    }
    if (end.status === "failed" && end.interrupted) {
      // The server stopped under the run: not the target's doing. It runs again once at the next start.
      const closed = await monitors.finishRun(runId, { status: "failed", scanId: end.scanId, reachable: null, error: end.error }, [], now);
      if (closed) {
        const current = await monitors.get(m.id);
        if (current && !current.paused) await monitors.setNextRun(m.id, slot.toISOString());
      }
      return closed;
    }
    const before = await monitors.previousFinished(m.id, runId);
    // A monitor deleted during its run raises nothing: finishRun then appends no event.
    if (end.status === "failed" || !end.stored?.report) {
      const error = end.error ?? "the scan failed";
      const unreachable = isUnreachable(end.cause, error);
      const becameUnreachable = unreachable && before?.reachable !== false;
      const events: RampartEvent[] = failedRunEvents(this.context(m, end.scanId), error, unreachable, becameUnreachable);
      return monitors.finishRun(runId, { status: "failed", scanId: end.scanId, reachable: unreachable ? false : null, error }, events, now);
    }
    const report = end.stored.report;
    const previous = await this.previousReport(m, runId, now);
    const changes = detectChanges(previous, report);
    const recovered = before?.reachable === false ? await this.outage(m.id, runId) : null;
    const events = completedRunEvents(this.context(m, end.scanId), previous, report, changes, recovered);
    return monitors.finishRun(
      runId,
      {
        status: "completed",
        scanId: end.scanId,
        reachable: true,
        score: Math.round(report.score),
        grade: report.grade,
        changes: changeSummary(changes),
      },
      events,
      now,
    );
  }

  /** The previous completed run's report, with today's triage applied as the current run has it. */
  private async previousReport(m: MonitorRecord, runId: number, now: Date): Promise<ScanReport | null> {
    const { store } = this.opts;
    const prev = await this.monitors.previousCompleted(m.id, runId);
    const report = prev?.scanId ? ((await store.scans.get(prev.scanId))?.report ?? null) : null;
    if (!report) return null;
    const triage = triageBaseline(await store.triage.forTarget(m.target), store.location);
    return applyBaselineToReport(report, triage, now);
  }

  /** Since when the target was down: the oldest unreachable run after the last run that reached it. */
  private async outage(monitorId: string, runId: number): Promise<Recovery> {
    const runs: MonitorRun[] = (await this.monitors.runs(monitorId, 200)).filter((r) => r.id < runId && r.reachable !== null);
    let first: MonitorRun | null = null;
    for (const r of runs) {
      if (r.reachable) break;
      first = r;
    }
    const latest = runs[0];
    return { downSince: first?.startedAt ?? latest?.startedAt ?? this.now().toISOString(), lastError: latest?.error ?? null };
  }
}
