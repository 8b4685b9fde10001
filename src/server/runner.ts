// The server's scan runner: a queue of scans on the same scan() engine and store as the CLI, a bounded number
// running at once, live progress and an event log per scan for Server-Sent Events, cancellation, and a clean
// shutdown that fails what cannot finish.
import { oneLine } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { ScanEvent, ScanHooks, ScanPhase } from "../engine/events.js";
import type { ScanOptions } from "../engine/options.js";
import { scan as engineScan } from "../engine/scan.js";
import { collectSecrets, mergeBaselines, scrubSecrets, triageBaseline, type RampartStore, type StoredScan } from "../store/index.js";

/** What subscribers of GET /api/scans/{id}/events receive. */
export type ServerEvent =
  | { type: "status"; status: "queued" | "running" }
  | { type: "phase"; phase: ScanPhase }
  | { type: "progress"; requestsSent: number; budget: number }
  | { type: "check"; checkId: string; state: "started" | "finished" | "skipped" | "errored"; findings?: number; message?: string }
  | { type: "finding"; checkId: string; severity: string }
  | { type: "done"; status: "completed" | "failed" | "cancelled"; score: number | null; grade: string | null; error: string | null };

export interface LiveProgress {
  phase: ScanPhase | null;
  requestsSent: number;
  budget: number | null;
  operations: number | null;
  checksFinished: number;
  findings: number;
}

type Listener = (event: ServerEvent) => void;

/** How a submitted scan ended, as its settle hook sees it. */
export interface ScanEnd {
  scanId: string;
  status: "completed" | "failed" | "cancelled";
  /** The stored row (report included when completed); null when it vanished. */
  stored: StoredScan | null;
  error: string | null;
  /** What the engine threw (a TargetError means the target did not answer). */
  cause: unknown;
  /** The server shut down under the scan: not the target's fault. */
  interrupted: boolean;
}

/**
 * Called once when a submitted scan ends, after its end is written and before subscribers hear "done": a
 * monitor records its run and appends its events then (in one transaction of its own).
 */
export type SettleHook = (end: ScanEnd) => void | Promise<void>;

/** Writes a scan's end through the contract. */
type EndWrite = () => Promise<unknown>;

/** Replay buffer per scan: enough for every phase and check of a deep scan, bounded for hostile sizes. */
const MAX_EVENTS = 5000;
const PROGRESS_INTERVAL_MS = 250;

class LiveScan {
  readonly controller = new AbortController();
  readonly events: ServerEvent[] = [];
  readonly listeners = new Set<Listener>();
  readonly progress: LiveProgress = { phase: null, requestsSent: 0, budget: null, operations: null, checksFinished: 0, findings: 0 };
  cancelled = false;
  /** Handed to another worker (lease lost, or this worker drains): nothing of it is recorded here. */
  released = false;
  /** A queue worker's scan: its row was claimed (running) before it got here. */
  claimed: ClaimedScan | null = null;
  /** How it ended; `released` when another worker takes it over. */
  outcome: ScanEnd["status"] | "released" | null = null;
  /** The end could not be written (store unreachable): a queue worker leaves the job to be retried. */
  unrecorded = false;
  /** A claimed scan's end as written (a queue worker records a monitor run from it). */
  end: ScanEnd | null = null;
  lastProgressAt = 0;
  onSettled: SettleHook | null = null;
  hookCalled = false;
  settled: Promise<void> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly options: ScanOptions,
  ) {}

  emit(event: ServerEvent): void {
    // Progress is a snapshot (kept in `progress`), not history: it is not replayed.
    if (event.type !== "progress" && (this.events.length < MAX_EVENTS || event.type === "done")) this.events.push(event);
    for (const l of this.listeners) l(event);
  }
}

export type ScanFn = (options: ScanOptions, hooks: ScanHooks) => Promise<ScanReport>;

/** Where submitted scans go instead of this process's own queue: the job queue of a PostgreSQL store. */
export interface ScanDispatch {
  enqueue(scanId: string, options: ScanOptions): Promise<void>;
}

/** How a queue worker hands a claimed scan to execute(). */
export interface ClaimedScan {
  /** Runs a store call, retrying while the database is unreachable (restart, failover). */
  persist<T>(fn: () => Promise<T>): Promise<T>;
  /** Whether this worker still holds the scan (its lease was not handed over); checked before each write. */
  holds(): Promise<boolean>;
}

/** How an executed scan ended for the worker that ran it. */
export interface ExecuteResult {
  outcome: ScanEnd["status"] | "released";
  /** The end is in the store; false when the store stayed unreachable (the job is then retried). */
  recorded: boolean;
  /** The end as written (with what the engine threw); null when released or not written here (cancelled). */
  end: ScanEnd | null;
}

export interface RunnerOptions {
  store: RampartStore;
  /** The engine (tests may wrap it); default scan(). */
  scan?: ScanFn;
  /** Scans running at once; more wait in the queue (default 2). */
  maxConcurrent?: number;
  /** A settle hook threw: the scan is recorded all the same, and this hears why its hook's work was lost. */
  onHookError?: (scanId: string, error: unknown) => void;
  /** Submitted scans are enqueued here (PostgreSQL job queue) instead of run by this process's queue. */
  dispatch?: ScanDispatch | null;
  /**
   * `host[:port]` targets can reach this process at (`rampart serve|worker --callback-host`), validated by the
   * caller: every scan this runner runs opens its callback listener there. A setting of the process that runs
   * the scan, never of the request: an API caller does not choose where this machine listens.
   */
  callbackHost?: string | null;
}

export const SHUTDOWN_MESSAGE = "interrupted: the server shut down";
export const CANCELLED_MESSAGE = "cancelled by request";
export const RELEASED_MESSAGE = "handed over to another worker";

export class ScanRunner {
  private readonly store: RampartStore;
  private readonly scan: ScanFn;
  private readonly maxConcurrent: number;
  private readonly live = new Map<string, LiveScan>();
  private readonly queue: LiveScan[] = [];
  private running = 0;
  private draining = false;
  private readonly onHookError: (scanId: string, error: unknown) => void;
  private readonly dispatch: ScanDispatch | null;
  private readonly callbackHost: string | null;

  constructor(opts: RunnerOptions) {
    this.store = opts.store;
    this.scan = opts.scan ?? engineScan;
    this.maxConcurrent = Math.max(1, opts.maxConcurrent ?? 2);
    this.onHookError = opts.onHookError ?? (() => undefined);
    this.dispatch = opts.dispatch ?? null;
    this.callbackHost = opts.callbackHost ?? null;
  }

  /** True when submitted scans go to the job queue (any worker may run them). */
  get queued(): boolean {
    return this.dispatch !== null;
  }

  get accepting(): boolean {
    return !this.draining;
  }

  /** Queues a scan and returns its id; the row exists (status queued) before this returns. */
  async submit(options: ScanOptions, meta: { requestedBy?: string; onSettled?: SettleHook } = {}): Promise<string> {
    const id = await this.store.scans.begin({
      target: options.target,
      specUrl: options.spec ?? null,
      options: { ...options, ...(meta.requestedBy ? { requestedBy: meta.requestedBy } : {}) },
      pid: process.pid,
      status: "queued",
    });
    // Scans go to the job queue, except those with a settle hook (monitor runs), which need this process.
    if (this.dispatch && !meta.onSettled) {
      try {
        await this.dispatch.enqueue(id, options);
      } catch (e) {
        await this.store.scans.fail(id, `could not be queued: ${oneLine(e)}`).catch(() => null);
        throw e;
      }
      return id;
    }
    const job = new LiveScan(id, options);
    job.onSettled = meta.onSettled ?? null;
    this.live.set(id, job);
    job.emit({ type: "status", status: "queued" });
    this.queue.push(job);
    this.pump();
    return id;
  }

  /**
   * Runs a scan a queue worker has claimed (its row is `running`): live progress and events as for submitted
   * scans, the end recorded through `claimed.persist` unless the scan was released to another worker.
   */
  async execute(id: string, options: ScanOptions, claimed: ClaimedScan): Promise<ExecuteResult> {
    const job = new LiveScan(id, options);
    job.claimed = claimed;
    this.live.set(id, job);
    job.settled = this.run(job);
    await job.settled;
    return { outcome: job.outcome ?? "failed", recorded: !job.unrecorded, end: job.end };
  }

  /** Stops a running scan without recording anything: another worker takes it over (lease lost, drain). */
  release(id: string): void {
    const job = this.live.get(id);
    if (!job || job.released) return;
    job.released = true;
    job.controller.abort(new Error(RELEASED_MESSAGE));
  }

  /** Stops a running scan that was cancelled through another process (the row says cancelled already). */
  cancelledElsewhere(id: string): void {
    const job = this.live.get(id);
    if (!job || job.cancelled) return;
    job.cancelled = true;
    job.controller.abort(new Error(CANCELLED_MESSAGE));
  }

  /** Live state of a queued or running scan of this process. */
  progress(id: string): LiveProgress | null {
    return this.live.get(id)?.progress ?? null;
  }

  /**
   * Calls `listener` with every event so far, then each new one; returns the unsubscribe function, or null
   * when the scan is not live here (it finished, or another process runs it).
   */
  subscribe(id: string, listener: Listener): (() => void) | null {
    const job = this.live.get(id);
    if (!job) return null;
    for (const e of job.events) listener(e);
    job.listeners.add(listener);
    return () => job.listeners.delete(listener);
  }

  /** `cancelled`; `finished` when the scan had already ended; `unknown` when this server does not run it. */
  async cancel(id: string): Promise<"cancelled" | "finished" | "unknown"> {
    const job = this.live.get(id);
    // With the job queue any worker may run it: the row says cancelled, and its worker stops on its next beat.
    if (!job && this.dispatch) return (await this.store.scans.cancel(id, CANCELLED_MESSAGE)) ? "cancelled" : "finished";
    if (!job) return "unknown";
    if (job.cancelled) return "cancelled";
    job.cancelled = true;
    if (!(await this.store.scans.cancel(id, CANCELLED_MESSAGE))) return "finished";
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      await this.settleHook(job, "cancelled", CANCELLED_MESSAGE, null);
      this.finish(job, { type: "done", status: "cancelled", score: null, grade: null, error: CANCELLED_MESSAGE });
    } else {
      job.controller.abort(new Error(CANCELLED_MESSAGE));
    }
    return "cancelled";
  }

  /** Stops taking scans, fails the queued ones and aborts the running ones; resolves when all are recorded. */
  async shutdown(graceMs = 10_000): Promise<void> {
    this.draining = true;
    for (const job of this.queue.splice(0)) {
      await this.recordEnd(job, "failed", this.failWrite(job.id, SHUTDOWN_MESSAGE), SHUTDOWN_MESSAGE, null).catch(() => null);
      this.finish(job, { type: "done", status: "failed", score: null, grade: null, error: SHUTDOWN_MESSAGE });
    }
    const running = [...this.live.values()];
    for (const job of running) job.controller.abort(new Error(SHUTDOWN_MESSAGE));
    const all = Promise.all(running.map((j) => j.settled));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([all, timeout]);
    clearTimeout(timer);
    // A scan that ignored the abort within the grace period is recorded as failed all the same.
    for (const job of [...this.live.values()]) {
      await this.recordEnd(job, "failed", this.failWrite(job.id, SHUTDOWN_MESSAGE), SHUTDOWN_MESSAGE, null).catch(() => null);
      this.finish(job, { type: "done", status: "failed", score: null, grade: null, error: SHUTDOWN_MESSAGE });
    }
  }

  private pump(): void {
    while (!this.draining && this.running < this.maxConcurrent && this.queue.length > 0) {
      const job = this.queue.shift() as LiveScan;
      this.running++;
      job.settled = this.run(job).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(job: LiveScan): Promise<void> {
    let options: ScanOptions;
    try {
      if (!job.claimed && !(await this.store.scans.markRunning(job.id))) {
        // cancelled while queued
        await this.settleHook(job, "cancelled", CANCELLED_MESSAGE, null);
        job.outcome = "cancelled";
        return;
      }
      job.emit({ type: "status", status: "running" });
      // Triage of this target is applied like baseline entries, on top of any given baseline.
      const target = job.options.target;
      const entries = job.claimed ? await job.claimed.persist(() => this.store.triage.forTarget(target)) : await this.store.triage.forTarget(target);
      const triage = triageBaseline(entries, this.store.location);
      options = { ...job.options, baseline: mergeBaselines(job.options.baseline, triage) };
      // This process's own setting, whatever the job carried (a queued job may run on another machine).
      if (this.callbackHost) options.callbackHost = this.callbackHost;
      else delete options.callbackHost;
    } catch (e) {
      await this.settleFailure(job, e);
      return;
    }
    let report: ScanReport;
    try {
      report = await this.scan(options, { onProgress: (e) => this.onEngineEvent(job, e), signal: job.controller.signal });
    } catch (e) {
      await this.settleFailure(job, e);
      return;
    }
    if (job.controller.signal.aborted) {
      // Partial results of an interrupted scan are not a completed scan.
      await this.settleFailure(job, job.controller.signal.reason);
      return;
    }
    try {
      // The stored row keeps the id the API handed out.
      // A worker did not begin the row, so its store does not know the scan's secrets: they are scrubbed
      // here from the options the job carried.
      const done = job.claimed ? scrubSecrets({ ...report, scanId: job.id }, secretsOf(job)) : { ...report, scanId: job.id };
      const write: EndWrite = () => this.store.scans.complete(done, job.id);
      const stored = await this.recordEnd(job, "completed", write, null, null);
      this.finish(job, { type: "done", status: "completed", score: stored?.score ?? null, grade: stored?.grade ?? null, error: null });
    } catch (e) {
      await this.settleFailure(job, new Error(`the scan finished but could not be stored: ${oneLine(e)}`));
    }
  }

  private async settleFailure(job: LiveScan, e: unknown): Promise<void> {
    if (job.released) {
      this.finish(job, { type: "done", status: "failed", score: null, grade: null, error: RELEASED_MESSAGE });
      return;
    }
    if (job.cancelled) {
      await this.settleHook(job, "cancelled", CANCELLED_MESSAGE, e).catch(() => null);
      this.finish(job, { type: "done", status: "cancelled", score: null, grade: null, error: CANCELLED_MESSAGE });
      return;
    }
    const raw = this.draining ? SHUTDOWN_MESSAGE : oneLine(e);
    const message = job.claimed ? scrubSecrets(raw, secretsOf(job)) : raw;
    // An unreachable store must not leave subscribers waiting: they hear the end, the row is reaped later.
    const stored = await this.recordEnd(job, "failed", this.failWrite(job.id, message), message, e).catch(() => null);
    this.finish(job, { type: "done", status: "failed", score: null, grade: null, error: stored?.error ?? message });
  }

  private failWrite(id: string, message: string): EndWrite {
    return () => this.store.scans.fail(id, message);
  }

  /**
   * Writes a scan's end, then runs its settle hook (once). A hook that throws must not cost the scan: the
   * end stays written and the hook's failure is reported.
   */
  private async recordEnd(job: LiveScan, status: ScanEnd["status"], write: EndWrite, error: string | null, cause: unknown): Promise<StoredScan | null> {
    const claimed = job.claimed;
    if (claimed) {
      // A queue worker's scan: written only while this worker still holds it, retried through store restarts.
      try {
        if (job.released || !(await claimed.persist(() => claimed.holds()))) {
          job.released = true;
          return null;
        }
        await claimed.persist(write);
        const stored = await claimed.persist(() => this.store.scans.get(job.id));
        job.end = { scanId: job.id, status, stored, error: stored?.error ?? error, cause, interrupted: false };
        return stored;
      } catch (e) {
        job.unrecorded = true;
        throw e;
      }
    }
    await write();
    const stored = await this.store.scans.get(job.id);
    const hook = job.hookCalled ? null : job.onSettled;
    if (hook) {
      job.hookCalled = true;
      try {
        await hook({ scanId: job.id, status, stored, error: stored?.error ?? error, cause, interrupted: this.draining });
      } catch (e) {
        this.onHookError(job.id, e);
      }
    }
    return stored;
  }

  /** The hook of a scan whose end is already written (cancellation). */
  private async settleHook(job: LiveScan, status: ScanEnd["status"], error: string, cause: unknown): Promise<void> {
    if (!job.onSettled || job.hookCalled) return;
    await this.recordEnd(job, status, async () => undefined, error, cause);
  }

  private finish(job: LiveScan, done: Extract<ServerEvent, { type: "done" }>): void {
    if (!this.live.has(job.id)) return;
    job.outcome = job.released ? "released" : done.status;
    job.emit(job.released ? { type: "done", status: "failed", score: null, grade: null, error: RELEASED_MESSAGE } : done);
    job.listeners.clear();
    this.live.delete(job.id);
  }

  private onEngineEvent(job: LiveScan, e: ScanEvent): void {
    const p = job.progress;
    switch (e.type) {
      case "phase":
        p.phase = e.phase;
        job.emit({ type: "phase", phase: e.phase });
        break;
      case "operations-planned":
        p.operations = e.count;
        break;
      case "requests":
        p.requestsSent = e.sent;
        p.budget = e.budget;
        // One request is one event in the engine; subscribers get at most a few a second.
        if (Date.now() - job.lastProgressAt >= PROGRESS_INTERVAL_MS) {
          job.lastProgressAt = Date.now();
          job.emit({ type: "progress", requestsSent: e.sent, budget: e.budget });
        }
        break;
      case "check-started":
        job.emit({ type: "check", checkId: e.checkId, state: "started" });
        break;
      case "check-finished":
        p.checksFinished++;
        job.emit({ type: "check", checkId: e.checkId, state: "finished", findings: e.findings });
        break;
      case "check-skipped":
        job.emit({ type: "check", checkId: e.checkId, state: "skipped", message: e.reason });
        break;
      case "check-errored":
        job.emit({ type: "check", checkId: e.checkId, state: "errored", message: e.message });
        break;
      case "finding":
        p.findings++;
        job.emit({ type: "finding", checkId: e.checkId, severity: e.severity });
        break;
      default:
        break;
    }
  }
}

/** Secrets in a claimed scan's options (its `--auth` values), to scrub from what the worker records. */
function secretsOf(job: LiveScan): string[] {
  return collectSecrets(job.options as unknown as Record<string, unknown>, {});
}
