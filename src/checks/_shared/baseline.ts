// Baseline exchanges the authorization probes compare against, sent at most once per scan and shared
// between checks through ctx.shared: the operation called without credentials, and as a given identity.
// The engine's crawl (every GET once, as the first identity) is reused whenever it already is the answer.
import type { CheckContext } from "../../core/check.js";
import { BudgetExhaustedError, PolicyError } from "../../core/errors.js";
import type { Exchange, Operation } from "../../core/types.js";

function crawlExchange(ctx: CheckContext, op: Operation, identity: string | null): Exchange | null {
  for (const ex of ctx.exchangesFor(op.key)) {
    if (ex.source === "crawl" && ex.request.identity === identity) return ex;
  }
  return null;
}

/** A baseline a check claimed before anyone asked for it: sent (as that check's request) on the first ask. */
type Claimed = { readonly claimed: () => Promise<Exchange | null> };

function settle(send: () => Promise<Exchange>): Promise<Exchange | null> {
  return send().catch((e: unknown) => {
    if (e instanceof PolicyError || e instanceof BudgetExhaustedError) return null;
    throw e;
  });
}

/** Sends once per key per scan; a refused or unaffordable request yields null (the check moves on). */
export function sendOnce(ctx: CheckContext, key: string, send: () => Promise<Exchange>): Promise<Exchange | null> {
  const slot = `baseline:${key}`;
  const cached = ctx.shared.get(slot) as Promise<Exchange | null> | Claimed | undefined;
  if (cached && !("claimed" in cached)) return cached;
  const pending = cached ? cached.claimed() : settle(send);
  ctx.shared.set(slot, pending);
  return pending;
}

const baselineKey = (op: Operation, identity: string | null) => `${identity ?? "-"}|${op.key}`;
const baselineRequest = (ctx: CheckContext, op: Operation, identity: string | null) => () => ctx.http.send({ url: ctx.urlFor(op), identity, operation: op });

/** The operation's sample URL as `identity` (null = no credentials): the crawl when it matches, else one request. */
export function baselineAs(ctx: CheckContext, op: Operation, identity: string | null): Promise<Exchange | null> {
  const crawled = crawlExchange(ctx, op, identity);
  if (crawled) return Promise.resolve(crawled);
  return sendOnce(ctx, baselineKey(op, identity), baselineRequest(ctx, op, identity));
}

/**
 * Claims the baselines a check will ask for, without sending them yet: whichever check asks first, the
 * request goes out then as this check's (recorded under its id), as if this check had asked for all of
 * them at once. A check that works through its operations a few at a time (eachPerSlot) claims first, so
 * which check a shared baseline is counted to does not depend on how far each check has got.
 */
export function claimBaselines(ctx: CheckContext, ops: readonly Operation[], identity: string | null): void {
  for (const op of ops) {
    const slot = `baseline:${baselineKey(op, identity)}`;
    if (ctx.shared.has(slot) || crawlExchange(ctx, op, identity)) continue;
    const claim: Claimed = { claimed: () => settle(baselineRequest(ctx, op, identity)) };
    ctx.shared.set(slot, claim);
  }
}

/** Called without credentials. */
export function anonymousBaseline(ctx: CheckContext, op: Operation): Promise<Exchange | null> {
  return baselineAs(ctx, op, null);
}

/** Called as the first identity (the crawl), or null when the scan has no credentials. */
export function authorisedBaseline(ctx: CheckContext, op: Operation): Promise<Exchange | null> {
  const first = ctx.identities[0]?.label;
  return first ? baselineAs(ctx, op, first) : Promise.resolve(null);
}

/** Whether a baseline request for `identity` is already covered by the crawl (for request estimates). */
export function crawlCovers(identities: readonly { label: string }[], identity: string | null): boolean {
  return (identities[0]?.label ?? null) === identity;
}
