// Runs of monitors, started by the scheduler. Two ways, one recording (./run-recorder.ts: the run and its
// events in one transaction of the store):
// - in this process (SQLite, one machine): builds the run's scan options (target guard, stored identities),
//   submits the scan to the server's runner and records the run once the runner has recorded the scan's end.
//   A crash leaves a run either recorded with all its events or not at all (a run left running is failed as
//   interrupted when a server starts: MonitorRepository.failInterrupted);
// - through the job queue (PostgreSQL): the same scan options, sealed into a job that any worker takes; the
//   slot's claim, the run, its scan and the job are stored in one transaction (MonitorRunQueue), and the
//   worker that ran the scan records the run (src/queue/monitor-runs.ts).
import { InputError, oneLine } from "../core/errors.js";
import type { ScanOptions } from "../engine/options.js";
import type { IdentityResolver, TargetGuard } from "../server/context.js";
import type { ScanRunner } from "../server/runner.js";
import { ScanRequestRefused, scanRequestOptions } from "../server/scan-request.js";
import type { MonitorRepository, RampartStore } from "../store/index.js";
import type { MonitorRecord } from "../store/monitors.js";
import type { RampartEvent } from "./events.js";
import { MonitorRunRecorder } from "./run-recorder.js";

export { isUnreachable } from "./run-recorder.js";

/** What the scheduler hands the queue for one due slot of a monitor. */
export interface QueuedFire {
  monitor: MonitorRecord;
  /** The slot being claimed (the monitor's next_run_at as read). */
  due: string;
  /** Where the slot moves to once claimed. */
  next: string;
  /** Who the scan is requested by, as the scan row shows it. */
  requestedBy: string;
  /** The run's scan options; null when the run was refused before it could start. */
  options: ScanOptions | null;
  /** Why the run could not start, and the events that says so (recorded with the failed run). */
  refusal: { error: string; events: RampartEvent[] } | null;
  /** The dashboard's address for links in the run's events. */
  publicUrl: string | null;
}

/**
 * `enqueued`: the slot was claimed and the run is in the queue; `refused`: claimed and recorded as failed at
 * once; `busy`: a run of this monitor is unfinished, the slot waits; `taken`: another scheduler claimed it.
 */
export type FireResult = "enqueued" | "refused" | "busy" | "taken";

/** Monitor runs through the job queue of a PostgreSQL store (src/queue/monitor-runs.ts). */
export interface MonitorRunQueue {
  fire(input: QueuedFire): Promise<FireResult>;
}

export interface MonitorServiceOptions {
  store: RampartStore;
  runner: ScanRunner;
  guard: TargetGuard | null;
  identities: IdentityResolver | null;
  publicUrl: () => string | null;
  /** Runs go to the job queue instead of this process's runner. */
  queue?: MonitorRunQueue | null;
  now?: () => Date;
}

export class MonitorService {
  private readonly now: () => Date;
  private readonly monitors: MonitorRepository;
  private readonly recorder: MonitorRunRecorder;

  constructor(private readonly opts: MonitorServiceOptions) {
    this.now = opts.now ?? (() => new Date());
    this.monitors = opts.store.monitors;
    this.recorder = new MonitorRunRecorder({ store: opts.store, publicUrl: opts.publicUrl, ...(opts.now ? { now: opts.now } : {}) });
  }

  /** True when runs go through the job queue (the scheduler then calls fire(), not launch()). */
  get queued(): boolean {
    return Boolean(this.opts.queue);
  }

  /** Starts one run of `m` in this process; resolves once the run is recorded, whatever its outcome. */
  async launch(m: MonitorRecord, slot: Date): Promise<void> {
    const { runner } = this.opts;
    const monitors = this.monitors;
    const runId = await monitors.startRun(m.id, slot.toISOString(), null, this.now());
    let options: ScanOptions;
    try {
      if (!runner.accepting) throw new InputError("the server is shutting down");
      options = await this.scanOptions(m);
    } catch (e) {
      await this.recorder.recordRefusal(m, runId, oneLine(e));
      return;
    }
    await new Promise<void>((resolve) => {
      void runner
        .submit(options, {
          requestedBy: requestedBy(m),
          onSettled: async (end) => {
            try {
              await this.recorder.recordEnd(m, runId, slot, end);
            } finally {
              resolve();
            }
          },
        })
        .then(
          (scanId) => monitors.attachScan(runId, scanId),
          async (e: unknown) => {
            await this.recorder.recordRefusal(m, runId, oneLine(e)).catch(() => undefined);
            resolve();
          },
        );
    });
  }

  /** Claims the slot `due` → `next` of `m` and enqueues its run, in one step (see MonitorRunQueue). */
  async fire(m: MonitorRecord, due: string, next: string): Promise<FireResult> {
    const queue = this.opts.queue;
    if (!queue) throw new Error("monitor runs have no job queue here");
    let options: ScanOptions | null = null;
    let refusal: QueuedFire["refusal"] = null;
    try {
      options = await this.scanOptions(m);
    } catch (e) {
      const error = oneLine(e);
      refusal = { error, events: this.recorder.refusalEvents(m, error) };
    }
    return queue.fire({ monitor: m, due, next, requestedBy: requestedBy(m), options, refusal, publicUrl: this.opts.publicUrl() });
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
}

function requestedBy(m: MonitorRecord): string {
  return `monitor ${m.name ?? m.id}`;
}
