// The public keys a target publishes for its tokens: JWKS documents (at the usual paths, through OIDC
// discovery's jwks_uri, or at spec paths that name keys) and PEM files. Fetched without credentials,
// once per scan (memoised in ctx.shared).
import type { CheckContext, PlanContext } from "../../core/check.js";
import { keyFromPem, keysFromJwks, type PublicKey } from "../../jwt/index.js";
import { PUBLIC_KEY_PATH, PUBLIC_KEY_PATHS } from "../../patterns/auth-flows.js";
import { parseJsonBody } from "../../patterns/text.js";
import { trySend } from "../_shared/writes.js";

export interface FoundKeys {
  keys: PublicKey[];
  /** The URL they were found at. */
  source: string | null;
}

function specKeyOperations(ctx: Pick<PlanContext, "operations">) {
  return ctx.operations.filter((op) => op.method === "GET" && !op.path.includes("{") && PUBLIC_KEY_PATH.test(op.path));
}

/** Spec operations that serve keys, then the usual places at the origin. */
function candidateUrls(ctx: CheckContext): string[] {
  return [...new Set([...specKeyOperations(ctx).map((op) => ctx.urlFor(op)), ...PUBLIC_KEY_PATHS.map((p) => new URL(p, ctx.target.url).href)])];
}

/** Requests the key search may send: every candidate path, plus a jwks_uri from OIDC discovery. */
export function estimateKeySearch(ctx: Pick<PlanContext, "operations">): number {
  return specKeyOperations(ctx).length + PUBLIC_KEY_PATHS.length + 1;
}

async function search(ctx: CheckContext): Promise<FoundKeys> {
  for (const url of candidateUrls(ctx)) {
    const ex = await trySend(ctx, { url, identity: null });
    const res = ex?.response;
    if (!res || res.status < 200 || res.status >= 300) continue;
    const doc = parseJsonBody(res)?.value;
    const jwksUri = doc && typeof doc === "object" && !Array.isArray(doc) ? (doc as Record<string, unknown>)["jwks_uri"] : undefined;
    if (typeof jwksUri === "string") {
      // OIDC discovery: follow jwks_uri (the HTTP layer keeps it in scope).
      const jwks = await trySend(ctx, { url: jwksUri, identity: null });
      const keys = jwks?.response ? keysFromJwks(parseJsonBody(jwks.response)?.value) : [];
      if (keys.length > 0) return { keys, source: jwksUri };
      continue;
    }
    const keys = doc !== undefined ? keysFromJwks(doc) : [];
    const pem = keys.length === 0 ? keyFromPem(res.body) : null;
    if (keys.length > 0 || pem) return { keys: pem ? [pem] : keys, source: url };
  }
  return { keys: [], source: null };
}

export function publicKeys(ctx: CheckContext): Promise<FoundKeys> {
  const cached = ctx.shared.get("jwt:public-keys") as Promise<FoundKeys> | undefined;
  if (cached) return cached;
  const pending = search(ctx);
  ctx.shared.set("jwt:public-keys", pending);
  return pending;
}
