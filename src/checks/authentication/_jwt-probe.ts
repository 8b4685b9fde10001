// Shared set-up of the JWT acceptance probes (alg none, tampered payload, expired): per supplied token,
// a few read-only GET operations where the real token yields data AND a random look-alike is refused.
// Only there does "the forged token got the same data" prove something. Computed once per scan.
import type { CheckContext, EvidenceInput, HttpRequestInput, PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Operation, ReproduceVariable } from "../../core/types.js";
import { placeholderFor } from "../../http/redact.js";
import { randomLike } from "../../jwt/index.js";
import { baselineAs, crawlCovers, sendOnce } from "../_shared/baseline.js";
import { refused, sameData } from "../_shared/compare.js";
import { servesData } from "../../patterns/sensitive.js";
import { describeSupplied, suppliedJwts, type SuppliedJwt } from "./_tokens.js";
import { requiresAuth } from "./unauthenticated-access.js";

export const JWT_PROBE_LIMITS: Readonly<Record<Depth, { tokens: number; operations: number; noneVariants: number }>> = {
  quick: { tokens: 1, operations: 1, noneVariants: 1 },
  standard: { tokens: 2, operations: 2, noneVariants: 1 },
  deep: { tokens: 3, operations: 3, noneVariants: 4 },
};

export interface JwtTarget {
  op: Operation;
  /** The real token's answer. */
  authorised: Exchange;
  /** A same-shaped random token's answer (refused). */
  garbage: Exchange;
}

export interface JwtProbeSet {
  token: SuppliedJwt;
  targets: JwtTarget[];
}

/** Secured GET operations first, then those without path parameters, shortest path first. */
export function candidateOperations(ops: readonly Operation[], depth: Depth): Operation[] {
  const score = (op: Operation) => (requiresAuth(op) ? 0 : 2) + (op.parameters.some((p) => p.in === "path") ? 1 : 0);
  return ops
    .filter((op) => op.method === "GET")
    .sort((a, b) => score(a) - score(b) || a.path.length - b.path.length || a.path.localeCompare(b.path))
    .slice(0, JWT_PROBE_LIMITS[depth].operations * 2);
}

/** The shell variable that holds the supplied token in reproduce lines (`RAMPART_ALICE_TOKEN`). */
export function tokenVariable(s: SuppliedJwt): string {
  return placeholderFor(s.credential, s.identity.label).slice(1);
}

/**
 * The identity's credentials with the JWT swapped for `token`; the others ride along under their own
 * placeholders. `as` names the swapped token in the record (forged tokens are working credentials on a
 * vulnerable API, so the record carries their name and the report how to rebuild them).
 */
export function withToken(s: SuppliedJwt, token: string, as?: ReproduceVariable): NonNullable<HttpRequestInput["credentialsOverride"]> {
  return s.identity.credentials.map((c) =>
    c === s.credential
      ? { kind: c.kind, name: c.name, value: token, ...(as ? { as } : {}) }
      : { kind: c.kind, name: c.name, value: c.value, as: { variable: placeholderFor(c, s.identity.label).slice(1), holds: "" } },
  );
}

export function sendWithToken(ctx: CheckContext, op: Operation, s: SuppliedJwt, token: string, as?: ReproduceVariable): Promise<Exchange> {
  return ctx.http.send({ url: ctx.urlFor(op), identity: null, credentialsOverride: withToken(s, token, as), operation: op });
}

/** The forged token got the real token's data on an operation where a random look-alike is refused. */
export function forgedAccepted(ex: Exchange, t: JwtTarget): boolean {
  return !!ex.response && !!t.authorised.response && sameData(ex.response, t.authorised.response);
}

/**
 * Reports a forged token that was accepted: its answer (`same data as the real token, <how>`) and the refused
 * random token, plus any further proof. `note` replaces the default "token from …" note; `real` names the
 * real token (default "token").
 */
export function reportForgedAccepted(
  ctx: CheckContext,
  token: SuppliedJwt,
  t: JwtTarget,
  ex: Exchange,
  said: { how: string; note?: string; real?: string },
  more: EvidenceInput[] = [],
): void {
  ctx.report({
    confidence: "confirmed",
    operation: t.op,
    key: token.identity.label,
    evidence: [
      { exchange: ex, excerpt: `${ex.response?.status}: same data as the real ${said.real ?? "token"}, ${said.how}`, note: said.note ?? `token from ${describeSupplied(token)}` },
      { exchange: t.garbage, note: "a random token of the same shape is refused" },
      ...more,
    ],
  });
}

async function targetsFor(ctx: CheckContext, s: SuppliedJwt): Promise<JwtTarget[]> {
  const limits = JWT_PROBE_LIMITS[ctx.settings.depth];
  const out: JwtTarget[] = [];
  for (const op of candidateOperations(ctx.operations, ctx.settings.depth)) {
    if (out.length >= limits.operations) break;
    const authorised = await baselineAs(ctx, op, s.identity.label);
    if (!authorised?.response || !servesData(authorised.response)) continue;
    const garbage = await sendOnce(ctx, `jwt-garbage|${s.identity.label}|${op.key}`, () => sendWithToken(ctx, op, s, randomLike(s.jwt.token)));
    if (!garbage?.response || !refused(garbage.response, authorised.response)) continue; // the token is not what grants access here
    out.push({ op, authorised, garbage });
  }
  return out;
}

/** Probe sets for the first supplied JWTs (memoised per scan: the three JWT probes share them). */
export function jwtProbeSets(ctx: CheckContext): Promise<JwtProbeSet[]> {
  const cached = ctx.shared.get("jwt:probe-sets") as Promise<JwtProbeSet[]> | undefined;
  if (cached) return cached;
  const tokens = suppliedJwts(ctx.identities).slice(0, JWT_PROBE_LIMITS[ctx.settings.depth].tokens);
  const pending = Promise.all(tokens.map(async (token) => ({ token, targets: await targetsFor(ctx, token) })));
  ctx.shared.set("jwt:probe-sets", pending);
  return pending;
}

/** Upper bound of the shared set-up plus `perTarget` requests on each usable operation. */
export function estimateJwtProbe(ctx: PlanContext, perTarget: number): number {
  const limits = JWT_PROBE_LIMITS[ctx.settings.depth];
  const tokens = suppliedJwts(ctx.identities).slice(0, limits.tokens);
  const candidates = candidateOperations(ctx.operations, ctx.settings.depth).length;
  return tokens.reduce((n, t) => n + candidates * (crawlCovers(ctx.identities, t.identity.label) ? 1 : 2) + limits.operations * perTarget, 0);
}
