// Runs of monitors on the server's scan runner: builds a run's scan options (target guard, stored identities),
// submits it, and when the runner records the scan's end — inside that same transaction — records the run,
// what changed since the previous run, and the events it raised. A crash therefore leaves a run either
// recorded with all its events or not at all.
import { applyBaselineToReport } from "../config/baseline.js";
import { InputError, TargetError, oneLine } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { ScanOptions } from "../engine/options.js";
import type { IdentityResolver, TargetGuard } from "../server/context.js";
import type { ScanEnd, ScanRunner } from "../server/runner.js";
import { ScanRequestRefused, scanRequestOptions } from "../server/scan-request.js";
import { appendEvents } from "../store/events.js";
import { TriageTable, type ScanStore } from "../store/index.js";
import type { MonitorRecord, MonitorRun, MonitorTable } from "../store/monitors.js";
import { changeSummary, detectChanges } from "./changes.js";
import type { RampartEvent } from "./events.js";
import { completedRunEvents, failedRunEvents, scanLink, type EventContext, type Recovery } from "./run-events.js";

export interface MonitorServiceOptions {
  store: ScanStore;
  monitors: MonitorTable;
  runner: ScanRunner;
  guard: TargetGuard | null;
  identities: IdentityResolver | null;
  publicUrl: () => string | null;
  now?: () => Date;
}

/** Messages of failures that mean the target did not answer (beside a TargetError from the engine). */
const UNREACHABLE = /cannot reach|ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|timed? ?out|socket hang up/i;

export function isUnreachable(cause: unknown, message: string | null): boolean {
  if (cause instanceof TargetError) return true;
  return UNREACHABLE.test(message ?? "");
}

export class MonitorService {
  private readonly now: () => Date;
  private readonly triage: TriageTable;

  constructor(private readonly opts: MonitorServiceOptions) {
    this.now = opts.now ?? (() => new Date());
    this.triage = new TriageTable(opts.store);
  }

  /** Starts one run of `m`; resolves once the run is recorded, whatever its outcome. */
  async launch(m: MonitorRecord, slot: Date): Promise<void> {
    const { monitors, runner } = this.opts;
    const runId = monitors.startRun(m.id, slot.toISOString(), null, this.now());
    let options: ScanOptions;
    try {
      if (!runner.accepting) throw new InputError("the server is shutting down");
      options = await this.scanOptions(m);
    } catch (e) {
      this.recordRefusal(m, runId, oneLine(e));
      return;
    }
    await new Promise<void>((resolve) => {
      void runner
        .submit(options, {
          requestedBy: `monitor ${m.name ?? m.id}`,
          onSettled: (end) => {
            try {
              this.recordEnd(m, runId, slot, end);
            } finally {
              resolve();
            }
          },
        })
        .then(
          (scanId) => monitors.attachScan(runId, scanId),
          (e: unknown) => {
            this.recordRefusal(m, runId, oneLine(e));
            resolve();
          },
        );
    });
  }

  /** The scan a run makes: the monitor's settings, through the target guard, with stored identities. */
  private async scanOptions(m: MonitorRecord): Promise<ScanOptions> {
    const { guard, identities } = this.opts;
    return scanRequestOptions(m.target, m.specUrl, m.settings, { guard, identities }).catch((e: unknown) => {
      if (!(e instanceof ScanRequestRefused)) throw e;
      const url = e.field === "spec" ? m.specUrl : m.target;
      throw new InputError(e.field === "identities" ? `monitor identities: ${e.message}` : `the ${e.field} ${url} is refused: ${e.message}`);
    });
  }

  private context(m: MonitorRecord, scanId: string | null): EventContext {
    return { monitor: { id: m.id, name: m.name }, target: m.target, scanId, link: scanLink(this.opts.publicUrl(), scanId), now: this.now() };
  }

  /** A run that could not start (guard refused the target, an identity is missing): failed, with scan.failed. */
  private recordRefusal(m: MonitorRecord, runId: number, error: string): void {
    const { store, monitors } = this.opts;
    store.db
      .transaction(() => {
        const events = failedRunEvents(this.context(m, null), error, false, false);
        if (monitors.finishRun(runId, { status: "failed", reachable: null, error, events: events.length }, this.now())) {
          appendEvents(store.db, events);
        }
      })
      .immediate();
  }

  /** Runs inside the runner's transaction that records the scan's end. */
  private recordEnd(m: MonitorRecord, runId: number, slot: Date, end: ScanEnd): void {
    const { store, monitors } = this.opts;
    const now = this.now();
    if (end.status === "cancelled") {
      monitors.finishRun(runId, { status: "cancelled", scanId: end.scanId, reachable: null, error: end.error }, now);
      return;
    }
    if (end.status === "failed" && end.interrupted) {
      // The server stopped under the run: not the target's doing. It runs again once at the next start.
      if (monitors.finishRun(runId, { status: "failed", scanId: end.scanId, reachable: null, error: end.error }, now)) {
        const current = monitors.get(m.id);
        if (current && !current.paused) monitors.setNextRun(m.id, slot.toISOString());
      }
      return;
    }
    let events: RampartEvent[];
    let finished: boolean;
    const before = monitors.previousFinished(m.id, runId);
    if (end.status === "failed" || !end.stored?.report) {
      const error = end.error ?? "the scan failed";
      const unreachable = isUnreachable(end.cause, error);
      const becameUnreachable = unreachable && before?.reachable !== false;
      events = failedRunEvents(this.context(m, end.scanId), error, unreachable, becameUnreachable);
      finished = monitors.finishRun(
        runId,
        { status: "failed", scanId: end.scanId, reachable: unreachable ? false : null, error, events: events.length },
        now,
      );
    } else {
      const report = end.stored.report;
      const previous = this.previousReport(m, runId, now);
      const changes = detectChanges(previous, report);
      const recovered = before?.reachable === false ? this.outage(m.id, runId) : null;
      events = completedRunEvents(this.context(m, end.scanId), previous, report, changes, recovered);
      finished = monitors.finishRun(
        runId,
        {
          status: "completed",
          scanId: end.scanId,
          reachable: true,
          score: Math.round(report.score),
          grade: report.grade,
          events: events.length,
          changes: changeSummary(changes),
        },
        now,
      );
    }
    // A monitor deleted during its run raises nothing.
    if (finished) appendEvents(store.db, events);
  }

  /** The previous completed run's report, with today's triage applied as the current run has it. */
  private previousReport(m: MonitorRecord, runId: number, now: Date): ScanReport | null {
    const prev = this.opts.monitors.previousCompleted(m.id, runId);
    const report = prev?.scanId ? (this.opts.store.get(prev.scanId)?.report ?? null) : null;
    return report ? applyBaselineToReport(report, this.triage.baseline(m.target), now) : null;
  }

  /** Since when the target was down: the oldest unreachable run after the last run that reached it. */
  private outage(monitorId: string, runId: number): Recovery {
    const runs: MonitorRun[] = this.opts.monitors.runs(monitorId, 200).filter((r) => r.id < runId && r.reachable !== null);
    let first: MonitorRun | null = null;
    for (const r of runs) {
      if (r.reachable) break;
      first = r;
    }
    const latest = runs[0];
    return { downSince: first?.startedAt ?? latest?.startedAt ?? this.now().toISOString(), lastError: latest?.error ?? null };
  }
}
