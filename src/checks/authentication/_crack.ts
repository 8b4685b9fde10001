// One offline cracking attempt per HS* token per scan, shared by jwt-weak-secret and jwt-expired-accepted.
import type { CheckContext, PlanContext } from "../../core/check.js";
import { crackHmac, isHmac, type CrackResult, type ParsedJwt } from "../../jwt/index.js";
import { jwtSecretCandidates } from "../../patterns/jwt-secrets.js";

/** Tokens cracked per scan at most (each costs a full wordlist pass when the secret is strong). */
export const MAX_CRACKED_TOKENS = 12;

function candidates(ctx: Pick<PlanContext, "api" | "target">): string[] {
  const texts = [ctx.target.host];
  if (ctx.api?.title) texts.push(ctx.api.title);
  return jwtSecretCandidates(texts);
}

/** The recovered secret, or null (not HS*, not in the list, or over the per-scan cap). Memoised. */
export function crackedSecret(ctx: CheckContext, jwt: ParsedJwt): CrackResult | null {
  if (!isHmac(jwt)) return null;
  let memo = ctx.shared.get("jwt:cracked") as Map<string, CrackResult | null> | undefined;
  if (!memo) {
    memo = new Map();
    ctx.shared.set("jwt:cracked", memo);
  }
  if (memo.has(jwt.token)) return memo.get(jwt.token) ?? null;
  if (memo.size >= MAX_CRACKED_TOKENS) return null;
  let list = ctx.shared.get("jwt:candidates") as string[] | undefined;
  if (!list) {
    list = candidates(ctx);
    ctx.shared.set("jwt:candidates", list);
  }
  const result = crackHmac(jwt, list);
  memo.set(jwt.token, result);
  return result;
}
