// The monitor scheduler of `rampart serve`: a tick (every second by default) starts each monitor whose
// next_run_at has come. Polling the table, not arming a timer per monitor, means edits made through the API,
// the CLI on the same store or another process are seen at the next tick, and a run missed while the server
// was down is simply overdue: it starts once at the first tick, however many slots were missed.
//
// At most one run per monitor: a monitor whose run is still going is skipped until it ends, so an overrunning
// scan delays the next run (which then starts once, at once) and runs never stack. Each slot is claimed in
// the store (MonitorRepository.claimSlot), so servers sharing one PostgreSQL fire it once between them.
// With the job queue (PostgreSQL) `fire` replaces claim-then-launch: the claim, the unfinished-run check and
// the enqueued run are one transaction (src/queue/monitor-runs.ts), and a worker runs it.
import type { MonitorRepository } from "../store/contract.js";
import type { MonitorRecord } from "../store/monitors.js";
import { planNextRun } from "./schedule.js";

export interface SchedulerOptions {
  monitors: MonitorRepository;
  /** Starts one run in this process; resolves once it has been recorded (completed, failed or cancelled). */
  launch: (monitor: MonitorRecord, slot: Date) => Promise<void>;
  /**
   * The job queue (PostgreSQL): claims the slot `due` → `next` and enqueues the run in one step, unless another
   * scheduler claimed it or a run of the monitor is unfinished; true when this call fired it. Replaces the
   * claim-then-launch of the in-process path.
   */
  fire?: (monitor: MonitorRecord, due: string, next: string) => Promise<boolean>;
  minIntervalMs: number;
  maxJitterMs: number;
  /** How often due monitors are looked for (default 1 s). */
  tickMs?: number;
  now?: () => Date;
  random?: () => number;
  /**
   * Look again for runs orphaned by a stopped server this often (a store shared by several servers, where
   * one may stop while the others keep running); by default only at start.
   */
  reapEveryMs?: number;
  /** A launch that threw (the run itself records its own failures). */
  onError?: (monitorId: string, error: unknown) => void;
}

export class MonitorScheduler {
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** The tick in progress: ticks never overlap (a slow database must not start a monitor twice). */
  private ticking: Promise<string[]> | null = null;
  private lastReap = 0;
  private readonly now: () => Date;

  constructor(private readonly opts: SchedulerOptions) {
    this.now = opts.now ?? (() => new Date());
  }

  /** Fails runs a crashed server left running, then ticks at once and every `tickMs`. */
  async start(): Promise<void> {
    if (this.timer || this.stopped) return;
    await this.reapInterrupted();
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 1000);
    // The scheduler alone must not keep a process alive (tests, a server closing).
    this.timer.unref();
  }

  /** Runs left by a stopped server. */
  private async reapInterrupted(): Promise<void> {
    this.lastReap = this.now().getTime();
    try {
      await this.opts.monitors.failInterrupted(this.now());
    } catch (e) {
      this.opts.onError?.("*", e);
    }
  }

  /** Monitors with a run in progress. */
  get running(): ReadonlySet<string> {
    return new Set(this.inFlight.keys());
  }

  /** Starts every due monitor that has no run in progress; resolves to the ids started. */
  tick(): Promise<string[]> {
    if (this.ticking) return this.ticking.then(() => []);
    this.ticking = this.tickOnce().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async tickOnce(): Promise<string[]> {
    if (this.stopped) return [];
    const started: string[] = [];
    const now = this.now();
    const reapEvery = this.opts.reapEveryMs;
    if (reapEvery && now.getTime() - this.lastReap > reapEvery) await this.reapInterrupted();
    let due: MonitorRecord[];
    try {
      due = await this.opts.monitors.due(now);
    } catch (e) {
      // A busy or closing database: try again at the next tick.
      this.opts.onError?.("*", e);
      return [];
    }
    for (const m of due) {
      if (this.inFlight.has(m.id) || !m.nextRunAt) continue;
      const slot = new Date(m.nextRunAt);
      // The next slot is measured from this start and stored before the run begins, so a crash mid-run
      // cannot make the monitor fire in a loop, and a restart during a long scan does not rerun it at once.
      // Storing it is also the claim: of several servers reading the same due monitor, one moves it on.
      const next = planNextRun(m.schedule, now, now, { ...this.opts, ...(this.opts.random ? { random: this.opts.random } : {}) });
      if (this.opts.fire) {
        // The run goes to the queue: the database, not this process, knows whether one is unfinished.
        try {
          if (await this.opts.fire(m, m.nextRunAt, next.toISOString())) started.push(m.id);
        } catch (e) {
          this.opts.onError?.(m.id, e);
        }
        if (this.stopped) break;
        continue;
      }
      try {
        if (!(await this.opts.monitors.claimSlot(m.id, m.nextRunAt, next.toISOString()))) continue;
      } catch (e) {
        this.opts.onError?.(m.id, e);
        continue;
      }
      if (this.stopped) break;
      const run = Promise.resolve()
        .then(() => this.opts.launch(m, slot))
        .catch((e: unknown) => this.opts.onError?.(m.id, e))
        .finally(() => this.inFlight.delete(m.id));
      this.inFlight.set(m.id, run);
      started.push(m.id);
    }
    return started;
  }

  /** Stops ticking; runs in progress are left to the scan runner's shutdown, which records them. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Resolves when every run in progress has been recorded. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values()]);
  }
}
