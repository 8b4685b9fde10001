// Parses (never verifies) a compact JWS: the decoded header and claims plus the raw segments a forger or
// cracker needs. Anything that is not a well-formed JWT yields null, never an exception.
import { decodeJwt } from "../patterns/tokens.js";

export interface ParsedJwt {
  /** The token as given. */
  token: string;
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** `alg` of the header, as written. */
  alg: string;
  /** Raw base64url segments. */
  segments: [string, string, string];
  /** `header.payload`: what the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function parseJwt(token: string): ParsedJwt | null {
  if (typeof token !== "string" || token.length > 32_768) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return null;
  const decoded = decodeJwt(token);
  if (!decoded) return null;
  const [h, p, s] = parts as [string, string, string];
  return {
    token,
    header: decoded.header,
    payload: decoded.payload,
    alg: String(decoded.header["alg"]),
    segments: [h, p, s],
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, "base64url"),
  };
}

/** HMAC algorithms by JOSE name → node:crypto digest. */
export const HMAC_ALGS: Readonly<Record<string, "sha256" | "sha384" | "sha512">> = { HS256: "sha256", HS384: "sha384", HS512: "sha512" };

export function isHmac(jwt: ParsedJwt): boolean {
  return jwt.alg in HMAC_ALGS;
}

function numericClaim(payload: Record<string, unknown>, name: string): number | null {
  const v = payload[name];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

export interface Lifetime {
  /** Seconds since the epoch, when present. */
  iat: number | null;
  exp: number | null;
  nbf: number | null;
  /** exp - (iat ?? nbf), in seconds, when both ends are known. */
  lifetimeSeconds: number | null;
}

export function lifetimeOf(jwt: ParsedJwt): Lifetime {
  const iat = numericClaim(jwt.payload, "iat");
  const exp = numericClaim(jwt.payload, "exp");
  const nbf = numericClaim(jwt.payload, "nbf");
  const start = iat ?? nbf;
  return { iat, exp, nbf, lifetimeSeconds: exp !== null && start !== null ? exp - start : null };
}

/** Whether the token's `exp` lies before `nowSeconds`. */
export function isExpired(jwt: ParsedJwt, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const exp = numericClaim(jwt.payload, "exp");
  return exp !== null && exp < nowSeconds;
}

/** A value that is a JWT, after an optional `Bearer ` prefix. */
export function jwtFromCredentialValue(value: string): ParsedJwt | null {
  return parseJwt(value.trim().replace(/^bearer\s+/i, ""));
}
