// Finds an OpenAPI/Swagger document at well-known locations of a target. Tries the table in order
// (under the base URL's path first, then at the origin root) and stops at the first body that parses
// as OpenAPI 3.x or Swagger 2.0.
import { BudgetExhaustedError } from "../core/errors.js";
import type { ApiModel } from "../core/types.js";
import { formatHint, loadParsedSpec, parseText, type SpecFetch } from "../spec/index.js";

/** Where frameworks and gateways publish their API description, most common first. */
export const SPEC_LOCATIONS: readonly string[] = [
  "/openapi.json",
  "/swagger.json",
  "/v3/api-docs",
  "/swagger/v1/swagger.json",
  "/api-docs",
  "/openapi.yaml",
  "/swagger.yaml",
  "/v2/api-docs",
  "/api/openapi.json",
  "/docs/openapi.json",
  "/.well-known/openapi.json",
  "/openapi.yml",
  "/swagger.yml",
  "/api/swagger.json",
  "/api/v1/openapi.json",
  "/api-docs/swagger.json",
  "/swagger/doc.json",
  "/openapi/v1.json",
  "/api/docs/openapi.json",
];

export interface DiscoveredSpec {
  source: string;
  model: ApiModel;
}

/**
 * Tries each well-known location with `fetch` until one answers 2xx with an OpenAPI/Swagger body;
 * returns it loaded, or null when none does. A document that is found but cannot be loaded (broken
 * `$ref`s …) throws its SpecError. An exhausted request budget is rethrown; other fetch failures
 * count as a miss.
 */
export async function discoverSpec(fetch: SpecFetch, baseUrl: string): Promise<DiscoveredSpec | null> {
  for (const url of candidateUrls(baseUrl)) {
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      if (e instanceof BudgetExhaustedError) throw e;
      continue;
    }
    let source = url;
    // `/v3/api-docs` may be published only as `/v3/api-docs/` (strict routers); redirects are already followed.
    if (res.status === 404 && !/\.[a-z0-9]{1,6}$/i.test(new URL(url).pathname)) {
      try {
        res = await fetch(`${url}/`);
        source = `${url}/`;
      } catch (e) {
        if (e instanceof BudgetExhaustedError) throw e;
        continue;
      }
    }
    if (res.status < 200 || res.status > 299) continue;
    const value = specValue(source, res.body, res.contentType);
    if (value === null) continue;
    const model = await loadParsedSpec(source, value, { fetch });
    return { source, model };
  }
  return null;
}

/** Candidate URLs in order: below the base URL's path (if any), then at the origin root. */
export function candidateUrls(baseUrl: string): string[] {
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/+$/, "");
  const out: string[] = [];
  const seen = new Set<string>();
  for (const p of prefix ? [prefix, ""] : [""]) {
    for (const loc of SPEC_LOCATIONS) {
      const u = `${base.origin}${p}${loc}`;
      if (!seen.has(u)) {
        seen.add(u);
        out.push(u);
      }
    }
  }
  return out;
}

/** The parsed body when it is an OpenAPI 3.x / Swagger 2.0 document, else null. */
function specValue(url: string, body: string, contentType: string): Record<string, unknown> | null {
  const head = body.trimStart().slice(0, 1);
  if (head === "" || head === "<") return null;
  let value: unknown;
  try {
    value = parseText(body, url, formatHint(url, contentType));
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  const isSpec = (v.openapi !== undefined && /^3\./.test(String(v.openapi))) || String(v.swagger) === "2.0";
  return isSpec ? v : null;
}
