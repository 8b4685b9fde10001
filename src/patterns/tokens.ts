// Tokens in response bodies (dataExposure.token-leak): JWTs anywhere, opaque values in token-named fields.
// Deciding whose token it is happens in the check; this module finds and decodes.
import { matchAll } from "./table.js";
import { walkJson, type Json } from "./text.js";
import { looksRandom } from "./validators.js";

export const JWT_REGEX = /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,4096}\.eyJ[A-Za-z0-9_-]{4,8192}\.[A-Za-z0-9_-]{0,1024})(?![A-Za-z0-9_-])/g;

/** Field names that hold a bearer/session credential. */
export const TOKEN_FIELD = /^(?:(?:access|refresh|id|session|auth|bearer|api|csrf_?|remember|reset|verification|invite)[_-]?token|token|jwt|session[_-]?id|sessionid|sid|auth|bearer|authorization)$/i;

export interface FoundToken {
  kind: "jwt" | "opaque";
  value: string;
  /** Field name when the token sat in a JSON property. */
  field: string | null;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

function b64urlJson(part: string): Record<string, unknown> | null {
  try {
    const text = Buffer.from(part, "base64url").toString("utf8");
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Decodes (does not verify) a JWT; null for anything that is not one. */
export function decodeJwt(token: string): DecodedJwt | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0]!.length > 8192 || parts[1]!.length > 16384) return null;
  const header = b64urlJson(parts[0]!);
  const payload = b64urlJson(parts[1]!);
  if (!header || !payload || typeof header.alg !== "string") return null;
  return { header, payload };
}

/** Who a JWT is about: sub, else a user id / e-mail / username claim. */
export function jwtPrincipal(jwt: DecodedJwt): string | null {
  for (const claim of ["sub", "user_id", "userId", "uid", "email", "username", "preferred_username"]) {
    const v = jwt.payload[claim];
    if (typeof v === "string" || typeof v === "number") return String(v);
  }
  return null;
}

/** JWTs in the text and opaque credentials in token-named JSON fields, distinct by value. */
export function findTokens(text: string, json: Json | null, limit = 200): FoundToken[] {
  const out = new Map<string, FoundToken>();
  // Every JWT starts with "eyJ" (a JSON header in base64url): without it the regex has nothing to find.
  if (text.includes("eyJ")) for (const m of matchAll(JWT_REGEX, text, limit)) {
    const value = m[1]!;
    if (decodeJwt(value)) out.set(value, { kind: "jwt", value, field: null });
  }
  if (json !== null && typeof json === "object") {
    for (const leaf of walkJson(json, 50_000)) {
      if (out.size >= limit) break;
      if (typeof leaf.value !== "string" || !leaf.key || !TOKEN_FIELD.test(leaf.key)) continue;
      const value = leaf.value.replace(/^Bearer\s+/i, "");
      const existing = out.get(value);
      if (existing) {
        existing.field ??= leaf.key;
        continue;
      }
      if (looksRandom(value, 20, 3.5)) out.set(value, { kind: "opaque", value, field: leaf.key });
    }
  }
  return [...out.values()];
}
