// Shared limits of one scan: a token-bucket rate limiter and a concurrency semaphore. The clock is
// injectable so tests can prove the limiter waits without measuring wall time.

export interface Clock {
  now(): number;
  /** Resolves after `ms` (rejects with the signal's reason when aborted). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, Math.max(0, ms));
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * Token bucket: `rate` tokens per second. It starts with, and holds at most, 50 ms worth of tokens (at
 * least one), so requests go out evenly: never much more than `rate` in any second, the first included
 * (a bucket that started full with one second's worth let about twice the rate through in the first
 * second). High rates still get their throughput: 50 ms worth is 500 tokens at 10,000/s.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();
  /** Callers queued in take() and not yet served. */
  private waiting = 0;
  private readonly capacity: number;

  constructor(
    private readonly rate: number,
    private readonly clock: Clock,
    capacity?: number,
  ) {
    this.capacity = Math.max(1, capacity ?? Math.floor(rate / 20));
    this.tokens = 1; // not a full bucket: the first second carries `rate` requests, not `rate` plus the bucket
    this.last = clock.now();
  }

  /**
   * Takes a token now if one is there and nobody is waiting for one (nor paused): true then, and the
   * caller goes on without a turn in the queue (a queued turn costs several promises per request).
   */
  tryTake(): boolean {
    if (this.waiting > 0) return false;
    if (!Number.isFinite(this.rate) || this.rate <= 0) return true; // no limit configured
    if (this.pausedUntil > this.clock.now()) return false;
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Waits for one token; callers are served first come, first served. */
  take(signal?: AbortSignal): Promise<void> {
    this.waiting++;
    const turn = this.queue.then(() => this.waitForToken(signal));
    const done = (): void => {
      this.waiting--;
    };
    this.queue = turn.then(done, done);
    return turn;
  }

  /** Holds every caller until `now + ms` (the target asked us to back off). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }

  private async waitForToken(signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(this.rate) || this.rate <= 0) return; // no limit configured
    for (;;) {
      const pause = this.pausedUntil - this.clock.now();
      if (pause > 0) {
        await this.clock.sleep(pause, signal);
        continue;
      }
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000), signal);
    }
  }
}

/** Counting semaphore for the in-flight request cap. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  /** Takes a free slot at once if there is one (true), without a promise: most callers find one. */
  tryAcquire(): boolean {
    if (this.active >= this.limit) return false;
    this.active++;
    return true;
  }

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next(); // hand the slot over without dropping the count
    else this.active--;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // A free slot is taken at once: no promise to wait on (most requests find one).
    if (!this.tryAcquire()) await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
