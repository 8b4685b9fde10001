// Work over many items with a bounded number pending at once. A check or the crawl that started one
// request per operation up front would hold thousands of pending promises and async frames (a 5,000-
// operation API: tens of thousands), which outlive young-generation collections and cost more to collect
// than the requests cost to send; a few workers taking items in order keep the HTTP layer just as busy.

/** Pending items per request slot: enough that the HTTP layer never waits for a check to hand it work. */
export const PENDING_PER_SLOT = 4;

/**
 * Calls `fn` for every item, in item order, with at most `limit` calls unfinished at once. Every item is
 * processed even when one fails (as with Promise.all, whose other promises keep running); the first
 * failure is thrown once all are done.
 */
export async function eachBounded<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => unknown): Promise<void> {
  let next = 0;
  let failed = false;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      try {
        await fn(items[i]!, i);
      } catch (e) {
        if (!failed) {
          failed = true;
          failure = e;
        }
      }
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit), items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failed) throw failure;
}

/** `eachBounded` with `PENDING_PER_SLOT` items per request slot of a scan's concurrency (default 8). */
export function eachPerSlot<T>(concurrency: number | undefined, items: readonly T[], fn: (item: T, index: number) => unknown): Promise<void> {
  return eachBounded(items, PENDING_PER_SLOT * Math.max(1, concurrency ?? 8), fn);
}
