import { defineCheck } from "../../core/check.js";
import { isHttps, transportRefs } from "./https/_refs.js";

// http:// URLs inside JSON or Link/Location headers; bounded so hostile bodies stay cheap.
const HTTP_URL = /http:\/\/[a-z0-9.-]{1,253}(?::\d{1,5})?(?:\/[^\s"'<>]{0,200})?/gi;
const IGNORED_HOSTS = /^http:\/\/(?:www\.w3\.org|json-schema\.org|schemas\.xmlsoap\.org|purl\.org|xmlns\.com|ns\.adobe\.com)\b/i;

export default defineCheck({
  meta: {
    id: "encryption.mixed-content",
    title: "HTTPS API references resources over http://",
    category: "encryption",
    severity: "low",
    how: "passive",
    description:
      "An HTTPS API hands out http:// URLs — in redirects, links, response bodies or the spec's servers — so clients following them leave TLS.",
    references: transportRefs([319]),
    remediation: {
      summary: "Generate absolute URLs with the https scheme (honour X-Forwarded-Proto behind a proxy) and list only https:// servers in the spec.",
      steps: [
        "Configure the framework's trusted-proxy setting so it knows requests arrived over HTTPS.",
        "Replace http:// server entries in the OpenAPI document with https://.",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    if (ctx.target.protocol !== "https:") return ctx.notApplicable("only meaningful for an HTTPS target");
    for (const server of ctx.api?.servers ?? []) {
      if (!server.toLowerCase().startsWith("http://")) continue;
      ctx.report({
        confidence: "confirmed",
        key: `spec:${server}`,
        evidence: [{ request: `spec ${ctx.api?.source ?? ""}`, status: null, excerpt: `servers: ${server}` }],
        reproduce: null,
      });
    }
  },
  analyze(ex, ctx) {
    if (!ex.response || !isHttps(ex.request.url) || ctx.target.protocol !== "https:") return;
    const found = new Set<string>();
    for (const h of ["location", "link", "content-location"]) {
      const v = ex.response.headers[h];
      if (v && /http:\/\//i.test(v)) found.add(`${h}: ${v.slice(0, 200)}`);
    }
    if (/json/i.test(ex.response.contentType)) {
      for (const m of ex.response.body.slice(0, 256 * 1024).matchAll(HTTP_URL)) {
        if (!IGNORED_HOSTS.test(m[0])) found.add(m[0]);
        if (found.size >= 3) break;
      }
    }
    if (found.size === 0) return;
    ctx.report({
      confidence: "firm",
      key: ctx.target.host,
      evidence: [{ exchange: ex, excerpt: [...found].join(" · ") }],
    });
  },
});
