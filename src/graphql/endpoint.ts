// Finding the GraphQL endpoint: the one the user named, paths the spec describes, then the usual places.
// Each candidate is asked `{ __typename }` over GET (read-only everywhere), then over POST (the HTTP
// layer allows that one probe to an unconfirmed endpoint in safe mode) — at a guessed path only when the
// GET answer already speaks GraphQL.
import type { CheckContext, PlanContext } from "../core/check.js";
import type { Exchange } from "../core/types.js";
import { GRAPHQL_PATHS, GRAPHQL_TIER } from "../patterns/graphql.js";
import { confirmsGraphql } from "./response.js";
import { getGraphql, postGraphql } from "./send.js";

export interface GraphqlEndpoint {
  url: string;
  /** Path for reports, e.g. /graphql. */
  path: string;
  /** Answers queries sent over GET with data. */
  get: boolean;
  /** Answers queries POSTed as JSON with data. */
  post: boolean;
  /** The answer that confirmed it. */
  exchange: Exchange;
}

const PROBE = "{__typename}";

function describedUrls(ctx: Pick<PlanContext, "api" | "operations" | "target">): string[] {
  const origin = new URL(ctx.target.url).origin;
  return (ctx.api?.operations ?? ctx.operations).filter((op) => /graphql|\/gql\b/i.test(op.path)).map((op) => `${origin}${ctx.api?.basePath ?? ""}${op.path}`);
}

/** Candidate URLs, most likely first. */
export function candidateUrls(ctx: Pick<PlanContext, "api" | "operations" | "settings" | "target">): string[] {
  const origin = new URL(ctx.target.url).origin;
  const named = ctx.settings.graphql?.endpoint;
  if (named) return [named];
  const described = describedUrls(ctx);
  const prefix = new URL(ctx.target.url).pathname.replace(/\/+$/, "");
  const tier = GRAPHQL_TIER[ctx.settings.depth];
  const usual = GRAPHQL_PATHS.filter((p) => p.tier <= tier).flatMap((p) => (prefix ? [`${origin}${prefix}${p.path}`, `${origin}${p.path}`] : [`${origin}${p.path}`]));
  return [...new Set([...described, ...usual])];
}

/** Requests detection may send: two per candidate. */
export function detectionEstimate(ctx: Pick<PlanContext, "api" | "operations" | "settings" | "target">): number {
  return candidateUrls(ctx).length * 2 + 1;
}

/** A 2xx GraphQL answer with `data`: the endpoint executes queries sent this way. */
function answersGet(ex: Exchange): boolean {
  const res = ex.response;
  return !!res && res.status >= 200 && res.status < 300 && /"data"\s*:/.test(res.body);
}

/**
 * Whether a GET answer at a guessed path speaks GraphQL (its error envelope, its name, its query
 * vocabulary, its media type) once the echoed path is removed. A bare 405 or 400 is what any catch-all
 * route says: it does not earn a POST outside active mode.
 */
export function speaksGraphql(res: { headers: Record<string, string>; body: string }, path: string): boolean {
  if (/graphql/i.test(res.headers["content-type"] ?? "")) return true;
  const body = res.body.slice(0, 8192).split(path).join(" ");
  return /graphql|__typename|"errors"\s*:\s*\[\s*\{\s*"message"|\bquery (?:string|document|parameter)\b/i.test(body);
}

/** 405 to a GET, or a 4xx whose body speaks of GraphQL or a missing query. */
function hintsPostOnly(ex: Exchange): boolean {
  const res = ex.response;
  if (!res) return false;
  if (res.status === 405) return true;
  return res.status >= 400 && res.status < 500 && /graphql|\bquery\b|must provide|operation/i.test(res.body.slice(0, 2048));
}

/** The first candidate that answers like GraphQL, or null. */
export async function findEndpoint(ctx: CheckContext): Promise<GraphqlEndpoint | null> {
  const identity = ctx.identities[0]?.label ?? null;
  const vouched = new Set(ctx.settings.graphql?.endpoint ? [ctx.settings.graphql.endpoint] : describedUrls(ctx));
  for (const url of candidateUrls(ctx)) {
    const viaGet = await getGraphql(ctx, url, { query: PROBE }, identity);
    const path = new URL(url).pathname;
    if (viaGet?.exchange.response && confirmsGraphql(viaGet.exchange.response.body)) {
      // Confirmed: the HTTP layer now lets a query POST through; learn whether the server takes it.
      const viaPost = await postGraphql(ctx, url, { query: PROBE }, identity);
      return { url, path, get: answersGet(viaGet.exchange), post: !!viaPost && answersGet(viaPost.exchange), exchange: viaGet.exchange };
    }
    // POST the probe only where the GET hinted at a POST-only GraphQL endpoint (or the user named it):
    // never to a REST resource that merely answered.
    if (!viaGet || !(ctx.settings.graphql?.endpoint || hintsPostOnly(viaGet.exchange))) continue;
    if (!vouched.has(url) && ctx.settings.mode !== "active" && !speaksGraphql(viaGet.exchange.response!, path)) continue;
    const viaPost = await postGraphql(ctx, url, { query: PROBE }, identity);
    if (viaPost?.exchange.response && confirmsGraphql(viaPost.exchange.response.body)) return { url, path, get: false, post: true, exchange: viaPost.exchange };
  }
  return null;
}
