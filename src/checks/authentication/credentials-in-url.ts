import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { parseJsonBody, walkJson } from "../../patterns/text.js";
import { operationKey, operationOf, scannableBody, within } from "../dataExposure/_exchange.js";
import { authRefs } from "./_refs.js";
import { CREDENTIAL_PARAM, urlCredentials } from "./_url-credentials.js";

const EVIDENCE_OPS = 5;
const ESCAPED_QUESTION_MARK = /\\u003f/i;

export default defineCheck({
  meta: {
    id: "authentication.credentials-in-url",
    title: "Credentials in URLs",
    category: "authentication",
    severity: "medium",
    how: "passive",
    description:
      "API keys or tokens travel in query strings: the spec declares an `in: query` API key or credential-named query parameters, credentials were supplied as query parameters, or responses hand out URLs carrying tokens. URLs end up in server and proxy logs, browser history, Referer headers and analytics, where the credential leaks.",
    references: authRefs([598, 200, 532], { owaspTop10_2021: ["A04", "A07"] }),
    remediation: {
      summary: "Send credentials in the Authorization header (or a Secure, HttpOnly cookie), never in the URL.",
      steps: [
        "Change `in: query` API keys to `in: header` and accept the header form; deprecate and then refuse the query form.",
        "For links that must authorise (downloads), issue short-lived single-use signed URLs instead of long-lived tokens.",
        "Scrub query strings from access logs until the change is complete.",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    const api = ctx.api;
    const schemeNames = new Set<string>();
    for (const [name, scheme] of Object.entries(api?.securitySchemes ?? {})) {
      if (scheme.type.toLowerCase() !== "apikey" || scheme.in !== "query" || !scheme.name) continue;
      schemeNames.add(scheme.name.toLowerCase());
      const ops = (api?.operations ?? []).filter((op) => op.security?.some((req) => name in req));
      ctx.report({
        confidence: "confirmed",
        operation: null,
        key: `scheme:${name}`,
        title: `API key '${scheme.name}' sent in the query string`,
        evidence: [
          { request: "spec", status: null, excerpt: `securitySchemes.${name}: { type: apiKey, in: query, name: ${scheme.name} }`, note: ops.length ? `required by ${ops.length} operation(s), e.g. ${ops.slice(0, 3).map((o) => `${o.method} ${o.path}`).join(", ")}` : "defined" },
        ],
        reproduce: null,
      });
    }
    for (const identity of ctx.identities) {
      for (const c of identity.credentials) {
        if (c.kind !== "query" || schemeNames.has(c.name.toLowerCase())) continue;
        schemeNames.add(c.name.toLowerCase());
        ctx.report({
          confidence: "confirmed",
          operation: null,
          key: `supplied:${c.name}`,
          title: `Credential '${c.name}' sent in the query string`,
          evidence: [{ request: `--auth query:${c.name}=…`, status: null, excerpt: `the API is authenticated with the query parameter '${c.name}'` }],
          reproduce: null,
        });
      }
    }
    const byParam = new Map<string, Operation[]>();
    for (const op of api?.operations ?? []) {
      for (const p of op.parameters) {
        if (p.in !== "query" || !CREDENTIAL_PARAM.test(p.name) || schemeNames.has(p.name.toLowerCase())) continue;
        byParam.set(p.name, [...(byParam.get(p.name) ?? []), op]);
      }
    }
    for (const [name, ops] of byParam) {
      ctx.report({
        confidence: "firm",
        operation: ops.length === 1 ? ops[0]! : null,
        key: `param:${name}`,
        title: `Credential-named query parameter '${name}'`,
        evidence: ops.slice(0, EVIDENCE_OPS).map((op) => ({ request: `${op.method} ${op.path}`, status: null, excerpt: `query parameter '${name}'`, note: op.pointer })),
        reproduce: null,
      });
    }
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res) return;
    const urls: string[] = [];
    if (res.headers["location"]) urls.push(res.headers["location"]);
    const body = scannableBody(ex);
    // A URL with a query needs a '?' in the body, written as is or escaped (\u003f): without one, no
    // string in the parsed body can hold such a URL.
    const json = body && (body.includes("?") || ESCAPED_QUESTION_MARK.test(body)) ? parseJsonBody(res) : null;
    if (json) {
      for (const leaf of walkJson(json.value, 20_000)) {
        if (typeof leaf.value === "string" && leaf.value.length < 4096 && /^(?:https?:\/\/|\/)[^\s]*\?/.test(leaf.value)) urls.push(leaf.value);
        if (urls.length >= 200) break;
      }
    }
    for (const url of urls) {
      for (const cred of urlCredentials(url)) {
        if (!within(ctx, `${operationKey(ex)}|${cred.name}`, 1)) continue;
        ctx.report({
          confidence: "confirmed",
          operation: operationOf(ex),
          key: `observed:${cred.name}`,
          title: `Response hands out a URL with a credential in '${cred.name}'`,
          evidence: [{ exchange: ex, excerpt: cred.redacted.slice(0, 300), note: "value redacted" }],
        });
      }
    }
  },
});
