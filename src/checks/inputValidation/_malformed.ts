// Malformed-value probes on GET operations: which parameter to tamper with (one per operation,
// bounded by depth), how to build the tampered URL, and the crawl exchange to compare with.
import type { CheckContext, PlanContext } from "../../core/check.js";
import type { Exchange, Operation, Parameter } from "../../core/types.js";
import { byDepth } from "./_shared.js";

export interface Target {
  op: Operation;
  param: Parameter;
}

const numeric = (p: Parameter): boolean => ["integer", "number"].includes(String(p.schema?.type ?? ""));

/** One parameter per GET operation that has a path or query parameter; `prefer` orders the choice. */
export function targets(ctx: Pick<PlanContext, "operations" | "settings">, prefer: "string" | "numeric"): Target[] {
  const out: Target[] = [];
  const max = byDepth(ctx.settings.depth, 5, 20, 60);
  for (const op of ctx.operations) {
    if (op.method !== "GET" || out.length >= max) continue;
    const params = op.parameters.filter((p) => p.in === "path" || p.in === "query");
    if (params.length === 0) continue;
    const rank = (p: Parameter): number => (numeric(p) === (prefer === "numeric") ? 0 : 1) + (p.in === "query" ? 0 : 0.5);
    const param = [...params].sort((a, b) => rank(a) - rank(b))[0]!;
    out.push({ op, param });
  }
  return out;
}

export function isNumeric(p: Parameter): boolean {
  return numeric(p);
}

/** URL with one parameter replaced (or, for query parameters, added) with `value`. */
export function tamperedUrl(ctx: CheckContext, t: Target, value: string): string {
  return ctx.urlFor(t.op, { [t.param.name]: value });
}

/** URL sending a query parameter as an array (`name[]=v`): type confusion for qs/PHP-style parsers. */
export function arrayUrl(ctx: CheckContext, t: Target): string {
  const url = new URL(ctx.urlFor(t.op));
  url.searchParams.delete(t.param.name);
  url.searchParams.append(`${t.param.name}[]`, t.param.sample || "1");
  return url.toString();
}

/** The crawl's exchange for an operation (same identity), to tell new errors from ones always there. */
export function crawlExchange(ctx: CheckContext, op: Operation): Exchange | undefined {
  return ctx.exchangesFor(op.key).find((ex) => ex.source === "crawl" && ex.response);
}
