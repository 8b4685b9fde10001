import { defineCheck } from "../../core/check.js";
import { judgePlaintext, probePlaintext } from "./https/plaintext.js";
import { transportRefs } from "./https/_refs.js";
import { servedAt } from "./https/_transport.js";

export default defineCheck({
  meta: {
    id: "encryption.http-redirect-insecure",
    title: "HTTP redirect goes to plaintext or another host",
    category: "encryption",
    severity: "medium",
    how: "probe",
    transport: true,
    description:
      "Plaintext HTTP on the API host redirects, but to another http:// URL or to a different host, so the upgrade to HTTPS never happens or the client is sent somewhere unexpected.",
    references: transportRefs([319, 601]),
    remediation: {
      summary: "Redirect http://host/path to https://host/path (same host) with 301 or 308.",
      steps: ["Build the Location from the request host and path with the https scheme.", "Avoid redirect chains through other plaintext URLs."],
    },
    milestone: 1,
  },
  // Shares the plaintext probes counted by encryption.http-not-redirected.
  estimateRequests: () => 0,
  async run(ctx) {
    if (servedAt(ctx).protocol !== "https:") return ctx.notApplicable("the target itself is plaintext (see encryption.https-unavailable)");
    for (const ex of await probePlaintext(ctx)) {
      const { verdict, detail } = judgePlaintext(ex, servedAt(ctx).host);
      if (verdict !== "redirect-insecure") continue;
      ctx.report({ confidence: "confirmed", key: ex.request.url, evidence: [{ exchange: ex, excerpt: detail }] });
    }
  },
});
