// Offline HMAC secret recovery for HS256/384/512 tokens: one createHmac per guess over a precomputed
// signing input, compared in constant time. Tens of thousands of guesses per second on one core.
import { createHmac, timingSafeEqual } from "node:crypto";
import { HMAC_ALGS, type ParsedJwt } from "./decode.js";

export interface CrackResult {
  /** The recovered secret (callers redact it everywhere). */
  secret: string;
  /** Guesses tried, including the hit. */
  guesses: number;
}

export interface CrackOptions {
  /** Stop after this many guesses (default: the whole list). */
  maxGuesses?: number;
}

/** Tries every candidate as the HMAC key; null when the token is not HS* or no candidate matches. */
export function crackHmac(jwt: ParsedJwt, candidates: Iterable<string>, opts: CrackOptions = {}): CrackResult | null {
  const digest = HMAC_ALGS[jwt.alg];
  if (!digest || jwt.signature.length === 0) return null;
  const input = Buffer.from(jwt.signingInput, "utf8");
  const expected = jwt.signature;
  const max = opts.maxGuesses ?? Number.POSITIVE_INFINITY;
  let guesses = 0;
  for (const candidate of candidates) {
    if (guesses >= max) break;
    guesses++;
    const mac = createHmac(digest, candidate).update(input).digest();
    if (mac.length === expected.length && timingSafeEqual(mac, expected)) return { secret: candidate, guesses };
  }
  return null;
}
