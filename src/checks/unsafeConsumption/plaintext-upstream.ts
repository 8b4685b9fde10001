import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange, Operation } from "../../core/types.js";
import { normaliseField } from "../../patterns/field-names.js";

/** Response fields that name an integration the server talks to (normalised: lower case, no separators). */
const INTEGRATION_FIELD = /url|uri|webhook|callback|hook|endpoint|upstream|provider|integration|gateway|notify|postback|baseurl|server|origin|target|remote|feed|api/;
/** XML/JSON-Schema namespaces are identifiers, not connections. */
const IGNORED_HOSTS = /^(?:www\.)?(?:w3\.org|json-schema\.org|schemas\.xmlsoap\.org|purl\.org|xmlns\.com|ns\.adobe\.com|schemas\.openxmlformats\.org|schemas\.microsoft\.com|ogp\.me|schema\.org)$/i;
/** Spec keys whose string values are sample inputs a client will send. */
const SAMPLE_KEYS = new Set(["example", "default", "examples", "x-example", "enum", "const"]);
const HTTP_URL = /^http:\/\/[^\s"'<>]{1,2048}$/i;
const MAX_BODY = 256 * 1024;
const MAX_NODES = 20_000;

interface Hit {
  host: string;
  url: string;
  where: string;
}

/** The host of a plaintext URL to a third party, or null (https, the API's own host, a namespace, garbage). */
function thirdPartyHost(value: string, ownHosts: Set<string>): { host: string; shown: string } | null {
  if (!HTTP_URL.test(value)) return null;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return null;
  }
  const host = u.hostname.toLowerCase();
  if (!host || ownHosts.has(host) || IGNORED_HOSTS.test(host)) return null;
  // Query strings and user-info often carry tokens: evidence shows neither.
  return { host, shown: `http://${u.host}${u.pathname}${u.search ? "?…" : ""}` };
}

function ownHosts(ctx: CheckContext, ex?: Exchange): Set<string> {
  const hosts = new Set([ctx.target.host.toLowerCase()]);
  if (ex) {
    try {
      hosts.add(new URL(ex.request.url).hostname.toLowerCase());
    } catch {
      /* an unparsable recorded URL adds nothing */
    }
  }
  return hosts;
}

/** Walks a JSON value; `accept(key, path)` decides whether a string under that key counts. */
function walk(value: unknown, path: string, key: string, accept: (key: string, path: string) => boolean, visit: (s: string, path: string) => void, budget: { n: number }): void {
  if (budget.n-- <= 0) return;
  if (typeof value === "string") {
    if (accept(key, path)) visit(value, path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, key, accept, visit, budget));
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, path ? `${path}.${k}` : k, k, accept, visit, budget);
  }
}

function specHits(op: Operation, own: Set<string>): Hit[] {
  const hits: Hit[] = [];
  const budget = { n: MAX_NODES };
  const collect = (where: string) => (s: string, path: string) => {
    const t = thirdPartyHost(s, own);
    if (t) hits.push({ host: t.host, url: t.shown, where: `${where}${path ? `.${path}` : ""}` });
  };
  const inSample = (_key: string, path: string) => path.split(/[.[]/).some((seg) => SAMPLE_KEYS.has(seg));
  for (const p of op.parameters) {
    walk(p.schema, "", "", inSample, collect(`parameter ${p.name}`), budget);
    collect(`parameter ${p.name} sample`)(p.sample, "");
  }
  if (op.requestBody) {
    walk(op.requestBody.schema, "", "", inSample, collect("requestBody schema"), budget);
    walk(op.requestBody.sample, "", "", () => true, collect("requestBody sample"), budget);
  }
  return hits;
}

function reportHost(ctx: CheckContext, hit: Hit, source: Exchange | { request: string; note: string }, op: Operation | null): void {
  // One finding per third-party host across spec and traffic.
  const seen = `plaintext-upstream:${hit.host}`;
  if (ctx.shared.has(seen)) return;
  ctx.shared.set(seen, true);
  ctx.shared.set("applicable:unsafeConsumption", true);
  ctx.report({
    confidence: "firm",
    key: hit.host,
    title: `Third-party integration reached over plain HTTP (${hit.host})`,
    operation: op ? { method: op.method, path: op.path } : null,
    ...("id" in source
      ? { evidence: [{ exchange: source, excerpt: `${hit.where}: ${hit.url}` }] }
      : { evidence: [{ ...source, status: null, excerpt: `${hit.where}: ${hit.url}` }], reproduce: null }),
  });
}

export default defineCheck({
  meta: {
    id: "unsafeConsumption.plaintext-upstream",
    title: "Third-party integration referenced over plain HTTP",
    category: "unsafeConsumption",
    severity: "low",
    how: "passive",
    description:
      "The spec's sample inputs or the API's responses point at another host's integration (webhook, callback, provider or upstream URL) over http://. Whatever the server or its clients exchange with that party travels unencrypted and unauthenticated: an attacker on the path reads it or answers in the third party's name, and the API then consumes forged data.",
    references: { owaspApi2023: ["API10"], owaspTop10_2021: ["A02", "A08"], cwe: [319, 295], pciDss4: ["4.2.1"], soc2: ["CC6.7"] },
    remediation: {
      summary: "Talk to third parties over https:// with certificate validation, and refuse http:// integration URLs.",
      steps: [
        "Change configured upstream, provider and webhook URLs to https:// and keep TLS certificate validation on in the HTTP client.",
        "Validate URLs clients register or the API returns: accept only the https scheme.",
        "Replace http:// examples and defaults in the OpenAPI document so integrators do not copy them.",
      ],
    },
    milestone: 2,
  },
  async run(ctx) {
    const own = ownHosts(ctx);
    for (const op of ctx.api?.operations ?? []) {
      for (const hit of specHits(op, own)) reportHost(ctx, hit, { request: `spec ${op.method} ${op.path}`, note: op.pointer }, op);
    }
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res || !/json/i.test(res.contentType) || !/http:\/\//i.test(res.body)) return;
    let data: unknown;
    try {
      data = JSON.parse(res.body.slice(0, MAX_BODY));
    } catch {
      return;
    }
    const own = ownHosts(ctx, ex);
    const hits: Hit[] = [];
    walk(
      data,
      "",
      "",
      (key) => INTEGRATION_FIELD.test(normaliseField(key)),
      (s, path) => {
        const t = thirdPartyHost(s, own);
        if (t) hits.push({ host: t.host, url: t.shown, where: `response ${path}` });
      },
      { n: MAX_NODES },
    );
    for (const hit of hits) reportHost(ctx, hit, ex, ex.operation);
  },
});
