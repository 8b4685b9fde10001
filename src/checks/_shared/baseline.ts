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

/** Sends once per key per scan; a refused or unaffordable request yields null (the check moves on). */
export function sendOnce(ctx: CheckContext, key: string, send: () => Promise<Exchange>): Promise<Exchange | null> {
  const slot = `baseline:${key}`;
  const cached = ctx.shared.get(slot) as Promise<Exchange | null> | undefined;
  if (cached) return cached;
  const pending = send().catch((e: unknown) => {
    if (e instanceof PolicyError || e instanceof BudgetExhaustedError) return null;
    throw e;
  });
  ctx.shared.set(slot, pending);
  return pending;
}

/** The operation's sample URL as `identity` (null = no credentials): the crawl when it matches, else one request. */
export function baselineAs(ctx: CheckContext, op: Operation, identity: string | null): Promise<Exchange | null> {
  const crawled = crawlExchange(ctx, op, identity);
  if (crawled) return Promise.resolve(crawled);
  return sendOnce(ctx, `${identity ?? "-"}|${op.key}`, () => ctx.http.send({ url: ctx.urlFor(op), identity, operation: op }));
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
