// What the passive data checks share: which exchanges to read, the operation a finding belongs to,
// and a per-scan cap so one root cause on one operation is reported a bounded number of times.
import type { CheckContext } from "../../core/check.js";
import type { Exchange, Operation, References } from "../../core/types.js";
import { lastArgument } from "../../patterns/memo.js";
import { isApiDocument, isTextual, requestPath } from "../../patterns/text.js";

/** Probes whose responses the data checks skip: the debug probe reports what its pages show (a leaked
 *  .env is one finding), and a rate-limit burst repeats one crawl request 30 times. */
const SKIPPED_SOURCES = new Set(["inputValidation.debug-endpoint-exposed", "rateLimiting.no-limit-observed"]);

/** The body to scan, or null: no response, binary, the API's own docs (examples are not leaks), or a
 *  probe response listed in SKIPPED_SOURCES. */
export const scannableBody: (ex: Exchange) => string | null = lastArgument((ex: Exchange) => {
  const res = ex.response;
  if (!res || SKIPPED_SOURCES.has(ex.source) || !isTextual(res) || isApiDocument(ex)) return null;
  return res.body;
}); // asked by a dozen analyzers of each exchange

/** The spec operation of an exchange, else its method and URL path. */
export function operationOf(ex: Exchange): Operation | { method: string; path: string; url: string } {
  return ex.operation ?? { method: ex.request.method, path: requestPath(ex), url: ex.request.url };
}

// Asked for every exchange by several checks: an operation's key is built once, and the same string
// each time is hashed once by the sets it is looked up in.
const operationKeys = new WeakMap<Operation, string>();

export function operationKey(ex: Exchange): string {
  const op = ex.operation;
  if (!op) return `${ex.request.method} ${requestPath(ex)}`;
  let key = operationKeys.get(op);
  if (key === undefined) operationKeys.set(op, (key = `${op.method} ${op.path}`));
  return key;
}

/** Distinct keys (operations, or operation × pattern row) one check reports per scan: one root cause
 *  across hundreds of operations is a handful of findings, not hundreds. */
export const MAX_KEYS_PER_CHECK = 25;

/**
 * A check's own record in ctx.shared under `${prefix}:${checkId}`, made when first asked: the slot is
 * named and looked up once per context, not once per exchange.
 */
function checkRecord<T extends object>(cache: WeakMap<CheckContext, T>, ctx: CheckContext, prefix: string, make: () => T): T {
  let record = cache.get(ctx);
  if (!record) {
    const slot = `${prefix}:${ctx.checkId}`;
    record = ctx.shared.get(slot) as T | undefined;
    if (!record) {
      record = make();
      ctx.shared.set(slot, record);
    }
    cache.set(ctx, record);
  }
  return record;
}

const seenCounts = new WeakMap<CheckContext, Map<string, number>>();
const firstSeen = new WeakMap<CheckContext, Set<string>>();
const counts = (ctx: CheckContext) => checkRecord(seenCounts, ctx, "seen", () => new Map<string, number>());

/**
 * True the first `times` times a key is seen by this check in this scan, for at most
 * MAX_KEYS_PER_CHECK distinct keys. Keeps reports per operation bounded (a 30-request burst on one
 * operation is one finding with a few evidence entries).
 */
export function within(ctx: CheckContext, key: string, times = 3): boolean {
  const seen = counts(ctx);
  const n = seen.get(key);
  if (n === undefined && seen.size >= MAX_KEYS_PER_CHECK) return false;
  seen.set(key, (n ?? 0) + 1);
  return (n ?? 0) < times;
}

/** True the first time this check sees a key in this scan (places of one root-cause finding: each
 *  operation listed once, however many exchanges it has). */
export function firstTime(ctx: CheckContext, key: string): boolean {
  const seen = checkRecord(firstSeen, ctx, "first", () => new Set<string>());
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** Number of distinct keys a check has reported so far (for per-scan caps). */
export function distinctSeen(ctx: CheckContext): number {
  return counts(ctx).size;
}

export function dataRefs(cwe: number[], extra: Partial<References> = {}): References {
  return { owaspApi2023: ["API3"], owaspTop10_2021: ["A01"], cwe, soc2: ["CC6.1"], ...extra };
}
