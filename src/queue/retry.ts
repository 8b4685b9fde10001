// Store calls of queue workers outlive a database restart: connection-level failures are retried with
// growing pauses (capped) until a deadline; anything else (a constraint, a bug) fails at once.

/** SQLSTATE classes and driver errors that mean "the database is not reachable right now". */
const TRANSIENT_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "57P01", "57P02", "57P03", "53300"]);
const TRANSIENT_TEXT = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)|terminating connection/i;

export function isTransient(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: unknown } | null;
  if (!err) return false;
  if (err.code && (TRANSIENT_CODES.has(err.code) || err.code.startsWith("08"))) return true;
  if (typeof err.message === "string" && TRANSIENT_TEXT.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== e ? isTransient(err.cause) : false;
}

export interface RetryOptions {
  /** Give up after this long (ms); default 120 s. */
  deadlineMs?: number;
  /** First pause (ms), doubled each time up to maxDelayMs; default 250. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Told about each retry (for one log line per outage, not per attempt). */
  onRetry?: (e: unknown, attempt: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const deadline = Date.now() + (opts.deadlineMs ?? 120_000);
  let delay = opts.firstDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransient(e) || Date.now() + delay > deadline) throw e;
      opts.onRetry?.(e, attempt);
      await (opts.sleep ?? wait)(delay);
      delay = Math.min(delay * 2, opts.maxDelayMs ?? 5_000);
    }
  }
}
