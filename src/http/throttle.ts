// When the target says "slow down": which responses count as throttling and how long to wait.

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_BACKOFF_MS = 5_000;
/** Back-off time the whole scan may spend waiting for a throttling target; past it, throttled answers
 *  are kept as they are, so a target that throttles every request cannot hold a scan for minutes. */
export const DEFAULT_THROTTLE_ALLOWANCE_MS = 60_000;
const BASE_BACKOFF_MS = 500;

/** 429 always; 503 only when it says when to come back (a bare 503 is an answer, not a throttle). */
export function isThrottled(status: number, headers: Record<string, string>): boolean {
  return status === 429 || (status === 503 && headers["retry-after"] !== undefined);
}

/** Retry-After as milliseconds (delta-seconds or HTTP-date), or null when absent or unparsable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Retry-After asks for longer than the scan waits: a retry sooner would be refused again, so none is made. */
export function asksTooLong(headers: Record<string, string>, now: number, capMs = DEFAULT_MAX_BACKOFF_MS): number | null {
  const asked = parseRetryAfter(headers["retry-after"], now);
  return asked !== null && asked > capMs ? asked : null;
}

/** Honours Retry-After up to the cap; exponential (500 ms, 1 s, 2 s …) otherwise. */
export function backoffMs(headers: Record<string, string>, attempt: number, now: number, capMs = DEFAULT_MAX_BACKOFF_MS): number {
  const asked = parseRetryAfter(headers["retry-after"], now);
  const delay = asked ?? BASE_BACKOFF_MS * 2 ** attempt;
  return Math.min(capMs, delay);
}
