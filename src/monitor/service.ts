// Runs of monitors on the server's scan runner: builds a run's scan options (target guard, stored identities),
// submits it, and once the runner has recorded the scan's end records the run, what changed since the previous
// run, and the events it raised — the run and its events in one transaction of the store, on either backend.
// A crash therefore leaves a run either recorded with all its events or not at all (a run left running is
// failed as interrupted when a server starts: MonitorRepository.failInterrupted).
import { applyBaselineToReport } from "../config/baseline.js";
import { InputError, TargetError, oneLine } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { ScanOptions } from "../engine/options.js";
import type { IdentityResolver, TargetGuard } from "../server/context.js";
import type { ScanEnd, ScanRunner } from "../server/runner.js";
import { ScanRequestRefused, scanRequestOptions } from "../server/scan-request.js";
import { triageBaseline, type MonitorRepository, type RampartStore } from "../store/index.js";
import type { MonitorRecord, MonitorRun } from "../store/monitors.js";
import { changeSummary, detectChanges } from "./changes.js";
import type { RampartEvent } from "./events.js";
import { completedRunEvents, failedRunEvents, scanLink, type EventContext, type Recovery } from "./run-events.js";

export interface MonitorServiceOptions {
  store: RampartStore;
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
  private readonly monitors: MonitorRepository;

  constructor(private readonly opts: MonitorServiceOptions) {
    this.now = opts.now ?? (() => new Date());
    this.monitors = opts.store.monitors;
  }

  /** Starts one run of `m`; resolves once the run is recorded, whatever its outcome. */
  async launch(m: MonitorRecord, slot: Date): Promise<void> {
    const { runner } = this.opts;
    const monitors = this.monitors;
    const runId = await monitors.startRun(m.id, slot.toISOString(), null, this.now());
    let options: ScanOptions;
    try {
      if (!runner.accepting) throw new InputError("the server is shutting down");
      options = await this.scanOptions(m);
    } catch (e) {
      await this.recordRefusal(m, runId, oneLine(e));
      return;
    }
    await new Promise<void>((resolve) => {
      void runner
        .submit(options, {
          requestedBy: `monitor ${m.name ?? m.id}`,
          onSettled: async (end) => {
            try {
              await this.recordEnd(m, runId, slot, end);
            } finally {
              resolve();
            }
          },
        })
        .then(
          (scanId) => monitors.attachScan(runId, scanId),
          async (e: unknown) => {
            await this.recordRefusal(m, runId, oneLine(e)).catch(() => undefined);
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
  private async recordRefusal(m: MonitorRecord, runId: number, error: string): Promise<void> {
    const events = failedRunEvents(this.context(m, null), error, false, false);
    await this.monitors.finishRun(runId, { status: "failed", reachable: null, error }, events, this.now());
  }

  /** Called by the runner once the scan's end is written; the run and its events commit together. */
  private async recordEnd(m: MonitorRecord, runId: number, slot: Date, end: ScanEnd): Promise<void> {
    const monitors = this.monitors;
    const now = this.now();
    if (end.status === "cancelled") {
      await monitors.finishRun(runId, { status: "cancelled", scanId: end.scanId, reachable: null, error: end.error }, [], now);
      return;
    }
    if (end.status === "failed" && end.interrupted) {
      // The server stopped under the run: not the target's doing. It runs again once at the next start.
      if (await monitors.finishRun(runId, { status: "failed", scanId: end.scanId, reachable: null, error: end.error }, [], now)) {
        const current = await monitors.get(m.id);
        if (current && !current.paused) await monitors.setNextRun(m.id, slot.toISOString());
      }
      return;
    }
    const before = await monitors.previousFinished(m.id, runId);
    // A monitor deleted during its run raises nothing: finishRun then appends no event.
    if (end.status === "failed" || !end.stored?.report) {
      const error = end.error ?? "the scan failed";
      const unreachable = isUnreachable(end.cause, error);
      const becameUnreachable = unreachable && before?.reachable !== false;
      const events: RampartEvent[] = failedRunEvents(this.context(m, end.scanId), error, unreachable, becameUnreachable);
      await monitors.finishRun(runId, { status: "failed", scanId: end.scanId, reachable: unreachable ? false : null, error }, events, now);
      return;
    }
    const report = end.stored.report;
    const previous = await this.previousReport(m, runId, now);
    const changes = detectChanges(previous, report);
    const recovered = before?.reachable === false ? await this.outage(m.id, runId) : null;
    const events = completedRunEvents(this.context(m, end.scanId), previous, report, changes, recovered);
    await monitors.finishRun(
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
