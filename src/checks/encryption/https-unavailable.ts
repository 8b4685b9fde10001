import { defineCheck } from "../../core/check.js";
import { transportRefs } from "./https/_refs.js";
import { servedAt } from "./https/_transport.js";

export default defineCheck({
  meta: {
    id: "encryption.https-unavailable",
    title: "API not available over HTTPS",
    category: "encryption",
    severity: "high",
    how: "probe",
    transport: true,
    description:
      "The API host answers over plaintext HTTP and no TLS listener answers on port 443: every request, credential and response crosses the network unencrypted and can be read or altered in transit.",
    references: transportRefs([319]),
    remediation: {
      summary: "Serve the API over HTTPS (TLS 1.2+) and redirect or refuse plaintext HTTP.",
      steps: [
        "Terminate TLS at the load balancer/ingress or in the application server with a certificate from a trusted CA.",
        "Redirect http:// to https:// with 301/308, then send Strict-Transport-Security.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => (ctx.target.protocol === "http:" && !servedAt(ctx).declared ? 1 : 0),
  async run(ctx) {
    if (ctx.target.protocol !== "http:") return ctx.notApplicable("the target is already HTTPS");
    const at = servedAt(ctx);
    if (at.declared) return ctx.notApplicable(`TLS is served at ${at.url} (--transport-from); its TLS, HSTS and plaintext redirect are audited there`);
    const host = ctx.target.host.includes(":") ? `[${ctx.target.host}]` : ctx.target.host;
    const ex = await ctx.http.send({ url: `https://${host}/`, identity: null, followRedirects: false });
    if (ex.response) return; // something answers TLS on 443
    ctx.report({
      confidence: "firm",
      key: ctx.target.host,
      evidence: [
        { request: `GET ${ctx.target.url}`, status: null, excerpt: "the API answers over http://" },
        { exchange: ex, excerpt: `https://${host}/ → ${ex.error ?? "no answer"}` },
      ],
      reproduce: `curl -sv https://${host}/ -o /dev/null`,
    });
  },
});
