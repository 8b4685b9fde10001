// Builds the tokens the JWT probes send: `alg: none` re-encodings, a tampered payload under the original
// signature, tokens re-signed with a cracked secret, and random look-alikes of any credential.
import { createHmac, randomBytes, randomInt } from "node:crypto";
import { HMAC_ALGS, type ParsedJwt } from "./decode.js";

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** Spellings of `none` that lax libraries accept (case-insensitive comparisons). */
export const NONE_VARIANTS = ["none", "None", "NONE", "nOnE"] as const;

/** The same claims with `alg` set to a `none` spelling and an empty signature. */
export function forgeAlgNone(jwt: ParsedJwt, variant: string = "none"): string {
  return `${b64url({ ...jwt.header, alg: variant })}.${jwt.segments[1]}.`;
}

/** The claim a tampered token gains: harmless, but it invalidates the signature. */
export const TAMPER_CLAIM = "rampart_probe";

/** The original header and signature over a payload with one extra claim. */
export function forgeTamperedPayload(jwt: ParsedJwt): string {
  return `${jwt.segments[0]}.${b64url({ ...jwt.payload, [TAMPER_CLAIM]: "tampered" })}.${jwt.segments[2]}`;
}

/** Signs header + claims with an HMAC secret (HS256 unless the header names HS384/HS512). */
export function signHmac(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string): string {
  const alg = typeof header["alg"] === "string" && header["alg"] in HMAC_ALGS ? header["alg"] : "HS256";
  const input = `${b64url({ ...header, alg })}.${b64url(payload)}`;
  const sig = createHmac(HMAC_ALGS[alg]!, secret).update(input).digest("base64url");
  return `${input}.${sig}`;
}

/** The token's claims with `exp` an hour in the past, re-signed with a known secret. */
export function forgeExpired(jwt: ParsedJwt, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  return signHmac(jwt.header, { ...jwt.payload, iat: nowSeconds - 7200, exp: nowSeconds - 3600 }, secret);
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const UPPER = LOWER.toUpperCase();
const DIGITS = "0123456789";
const HEX_LOWER = "0123456789abcdef";

function pick(alphabet: string): string {
  return alphabet[randomInt(alphabet.length)]!;
}

/**
 * A random value of the same length and format: every letter stays a letter of its case, every digit a
 * digit, separators stay where they are; all-hex values stay hex; a short vendor prefix (`sk_live_`) is kept.
 */
export function randomLike(value: string): string {
  if (value.length === 0) return randomBytes(16).toString("hex");
  const prefix = /^[a-z]{2,8}_(?:[a-z]{2,8}_)?/.exec(value)?.[0] ?? "";
  const body = value.slice(prefix.length);
  const hex = /^[0-9a-f-]+$/.test(body) && /[0-9]/.test(body);
  let out = "";
  for (const ch of body) {
    if (hex && /[0-9a-f]/.test(ch)) out += pick(HEX_LOWER);
    else if (/[a-z]/.test(ch)) out += pick(LOWER);
    else if (/[A-Z]/.test(ch)) out += pick(UPPER);
    else if (/[0-9]/.test(ch)) out += pick(DIGITS);
    else out += ch;
  }
  // A value the random draw happened to reproduce is no wrong credential.
  return out === body ? randomLike(value) : prefix + out;
}

/** A wrong Basic credential: a user name no one has (never the real user: no account lockouts). */
export function randomBasic(): string {
  return `rampart-${randomBytes(4).toString("hex")}:${randomBytes(12).toString("base64url")}`;
}
