// Finds an OpenAPI/Swagger document at well-known locations of a target (under the base URL's path
// first, then at the origin root). Probes run a few at a time, in table order, under one overall
// deadline, so a server that answers slowly (or drip-feeds every path) costs seconds, not minutes; the
// earliest location in the table that serves a usable document wins. A document that is served but
// cannot be used (too large, broken, an unsupported version) is reported with its reason.
import { BudgetExhaustedError, oneLine } from "../core/errors.js";
import type { ApiModel } from "../core/types.js";
import { formatHint, loadParsedSpec, mayHoldRefs, parseText, tooLarge, type SpecFetch } from "../spec/index.js";

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

/** A document served at a well-known location that could not be used, and why. */
export interface RejectedSpec {
  source: string;
  reason: string;
}

export interface DiscoveryResult {
  found: DiscoveredSpec | null;
  /** Documents found but not usable, in table order (only those before the one found, if any). */
  rejected: RejectedSpec[];
  /** Locations that did not answer before the deadline, or were not reached by it. */
  unanswered: number;
  /** The overall deadline that applied, in ms. */
  deadlineMs: number;
}

export interface DiscoveryOptions {
  /** One deadline for every probe together (default 15 s). */
  deadlineMs?: number;
  /** Probes in flight at once (default 6): parallel, yet few requests past an early hit. */
  parallel?: number;
}

export const DISCOVERY_DEADLINE_MS = 15_000;
const DISCOVERY_PARALLEL = 6;

type Outcome = { kind: "miss" } | { kind: "unanswered" } | { kind: "found"; spec: DiscoveredSpec } | { kind: "rejected"; reason: string };

/**
 * Probes the well-known locations with `fetch` (a few at a time, in table order) and returns the
 * earliest one that serves a loadable OpenAPI 3.x / Swagger 2.0 document, with every document that was
 * served but rejected before it. No location is fetched after the deadline or past an earlier hit. An
 * exhausted request budget is rethrown; other fetch failures count as unanswered.
 */
export async function discoverSpec(fetch: SpecFetch, baseUrl: string, opts: DiscoveryOptions = {}): Promise<DiscoveryResult> {
  const deadlineMs = opts.deadlineMs ?? DISCOVERY_DEADLINE_MS;
  const deadline = Date.now() + deadlineMs;
  const urls = candidateUrls(baseUrl);
  const outcomes: (Outcome | undefined)[] = new Array(urls.length);
  let next = 0;
  let firstFound = Infinity;
  let budgetError: unknown = null;

  const probe = async (i: number, url: string): Promise<Outcome> => {
    const left = deadline - Date.now();
    if (left <= 0) return { kind: "unanswered" };
    let res;
    try {
      res = await fetch(url, { timeoutMs: left });
    } catch (e) {
      if (e instanceof BudgetExhaustedError) budgetError = e;
      return { kind: "unanswered" };
    }
    let source = url;
    // `/v3/api-docs` may be published only as `/v3/api-docs/` (strict routers); redirects are already followed.
    if (res.status === 404 && !/\.[a-z0-9]{1,6}$/i.test(new URL(url).pathname) && deadline > Date.now()) {
      source = `${url}/`;
      try {
        res = await fetch(source, { timeoutMs: deadline - Date.now() });
      } catch (e) {
        if (e instanceof BudgetExhaustedError) budgetError = e;
        return { kind: "unanswered" };
      }
    }
    if (res.status < 200 || res.status > 299) return { kind: "miss" };
    const parsed = specValue(source, res.body, res.contentType, Boolean(res.truncated));
    if (parsed.kind !== "spec") return parsed;
    try {
      const model = await loadParsedSpec(source, parsed.value, { fetch }, source, !mayHoldRefs(res.body));
      firstFound = Math.min(firstFound, i);
      return { kind: "found", spec: { source, model } };
    } catch (e) {
      if (e instanceof BudgetExhaustedError) budgetError = e;
      return { kind: "rejected", reason: oneLine(e).replace(`${source}: `, "") };
    }
  };

  const worker = async () => {
    // Stop taking locations once an earlier one has a document, the deadline passed or the budget ran out.
    while (next < urls.length && next < firstFound && Date.now() < deadline && !budgetError) {
      const i = next++;
      outcomes[i] = await probe(i, urls[i] as string);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.parallel ?? DISCOVERY_PARALLEL, urls.length) }, worker));
  if (budgetError) throw budgetError;

  const rejected: RejectedSpec[] = [];
  let unanswered = 0;
  for (let i = 0; i < urls.length; i++) {
    const o = outcomes[i];
    if (o?.kind === "found") return { found: o.spec, rejected, unanswered, deadlineMs };
    if (o?.kind === "rejected") rejected.push({ source: urls[i] as string, reason: o.reason });
    else if (o === undefined || o.kind === "unanswered") unanswered++;
  }
  return { found: null, rejected, unanswered, deadlineMs };
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

type BodyVerdict = { kind: "miss" } | { kind: "rejected"; reason: string } | { kind: "spec"; value: Record<string, unknown> };

/** Names the document as OpenAPI/Swagger near its top, parsed or not (to tell a broken spec from other JSON). */
const SPEC_MARKER = /["']?(openapi|swagger)["']?\s*:/;

/**
 * What a 2xx body at a well-known location is: not a spec (HTML, other JSON), a spec that cannot be used
 * (cut at the size cap, unparseable) or a parsed document naming an OpenAPI/Swagger version.
 */
function specValue(url: string, body: string, contentType: string, truncated: boolean): BodyVerdict {
  const text = body.trimStart();
  const head = text.slice(0, 1);
  if (head === "" || head === "<") return { kind: "miss" };
  const marked = SPEC_MARKER.test(text.slice(0, 4096));
  if (truncated) return marked ? { kind: "rejected", reason: `specification ${tooLarge()}` } : { kind: "miss" };
  let value: unknown;
  try {
    value = parseText(body, url, formatHint(url, contentType));
  } catch (e) {
    return marked ? { kind: "rejected", reason: oneLine(e).replace(`${url}: `, "") } : { kind: "miss" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "miss" };
  const v = value as Record<string, unknown>;
  // Any declared version goes to the loader, whose error names an unsupported one.
  return v.openapi !== undefined || v.swagger !== undefined ? { kind: "spec", value: v } : { kind: "miss" };
}
