import { defineCheck } from "../../core/check.js";
import { judgePlaintext, plaintextOrigins, probePlaintext } from "./https/plaintext.js";
import { transportRefs } from "./https/_refs.js";
import { servedAt } from "./https/_transport.js";

export default defineCheck({
  meta: {
    id: "encryption.http-not-redirected",
    title: "Plaintext HTTP serves content instead of redirecting",
    category: "encryption",
    severity: "medium",
    how: "probe",
    transport: true,
    description:
      "The HTTPS API's host also serves content over plaintext HTTP instead of answering with a 301/308 redirect to HTTPS, so clients that start on http:// stay there.",
    references: transportRefs([319]),
    remediation: {
      summary: "Answer every plaintext request with a 301 or 308 redirect to the same path on https://.",
      steps: ["Configure the load balancer or web server to redirect port 80 to HTTPS.", "Add HSTS so browsers stop trying http://."],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => (servedAt(ctx).protocol === "https:" ? plaintextOrigins(ctx).length : 0),
  async run(ctx) {
    if (servedAt(ctx).protocol !== "https:") return ctx.notApplicable("the target itself is plaintext (see encryption.https-unavailable)");
    for (const ex of await probePlaintext(ctx)) {
      const { verdict, detail } = judgePlaintext(ex, servedAt(ctx).host);
      if (verdict !== "served") continue;
      ctx.report({ confidence: "confirmed", key: ex.request.url, evidence: [{ exchange: ex, excerpt: detail }] });
    }
  },
});
