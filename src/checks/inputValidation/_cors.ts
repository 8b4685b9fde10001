// The CORS probes: a GET with an Origin Rampart names (never contacted) and one with `Origin: null`
// on a few operations, memoised per scan so the three CORS checks share the requests.
import type { CheckContext, PlanContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { byDepth, getOperations, probeIdentity } from "./_shared.js";

export const PROBE_ORIGIN = "https://rampart-cors-probe.example";

export function corsTargets(ctx: Pick<PlanContext, "operations" | "settings">): number {
  return Math.max(1, Math.min(getOperations(ctx, 99).length, byDepth(ctx.settings.depth, 1, 3, 6)));
}

/** Probe exchanges for an Origin value, memoised per scan. */
export function corsProbe(ctx: CheckContext, origin: string): Promise<Exchange[]> {
  const key = `cors:${origin}`;
  const cached = ctx.shared.get(key) as Promise<Exchange[]> | undefined;
  if (cached) return cached;
  const ops = getOperations(ctx, corsTargets(ctx));
  const identity = probeIdentity(ctx);
  const run = Promise.all(
    ops.length > 0
      ? ops.map((op) => ctx.http.send({ method: "GET", url: ctx.urlFor(op), headers: { origin }, identity, operation: op }))
      : [ctx.http.send({ method: "GET", url: ctx.target.url, headers: { origin }, identity })],
  );
  ctx.shared.set(key, run);
  return run;
}

export function allowOrigin(ex: Exchange): string | undefined {
  return ex.response?.headers["access-control-allow-origin"]?.trim();
}

export function allowsCredentials(ex: Exchange): boolean {
  return /^\s*true\s*$/i.test(ex.response?.headers["access-control-allow-credentials"] ?? "");
}

export function corsExcerpt(ex: Exchange, origin: string): string {
  const h = ex.response?.headers ?? {};
  const parts = [`Origin: ${origin}`, `→ Access-Control-Allow-Origin: ${h["access-control-allow-origin"] ?? "(none)"}`];
  if (h["access-control-allow-credentials"]) parts.push(`Access-Control-Allow-Credentials: ${h["access-control-allow-credentials"]}`);
  return parts.join(" ");
}

export const CORS_STEPS = [
  "Replace reflection/wildcards with an explicit allow-list of trusted origins (exact scheme + host + port).",
  "Send Access-Control-Allow-Credentials: true only for allow-listed origins, never together with `*` or `null`.",
  "Add `Vary: Origin` when the header depends on the request's Origin.",
];
