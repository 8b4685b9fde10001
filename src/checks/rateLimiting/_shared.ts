// Shared by the rateLimiting checks: references, rate-limit header detection, item counting.
import type { Exchange, References } from "../../core/types.js";
import { largestArray, parseJsonBody } from "../../patterns/text.js";

export function rateRefs(cwe: number[]): References {
  return { owaspApi2023: ["API4"], owaspTop10_2021: ["A04"], cwe, soc2: ["A1.1", "CC6.1"] };
}

/** IETF RateLimit-*, the X-RateLimit-* family, X-Rate-Limit-*, and Retry-After. */
const RATE_HEADER = /^(?:x-)?rate-?limit(?:-|$)|^x-ratelimit|^retry-after$/i;

export function rateLimitHeaders(ex: Exchange): string[] {
  return Object.keys(ex.response?.headers ?? {}).filter((h) => RATE_HEADER.test(h));
}

/** Whether rateLimitHeaders(ex) is not empty, without the list (asked of every exchange of a scan). */
export function hasRateLimitHeader(ex: Exchange): boolean {
  const headers = ex.response?.headers;
  if (!headers) return false;
  for (const h in headers) if (Object.prototype.hasOwnProperty.call(headers, h) && RATE_HEADER.test(h)) return true;
  return false;
}

/** Items in the largest top-level (or one-level-down) array of a JSON body, or null. */
export function itemCount(ex: Exchange | undefined): number | null {
  const res = ex?.response;
  if (!res || res.status < 200 || res.status >= 300) return null;
  const parsed = parseJsonBody(res);
  if (!parsed) return null;
  return largestArray(parsed.value)?.length ?? null;
}
