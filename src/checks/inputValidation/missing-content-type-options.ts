import { defineCheck } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { requestPath } from "../../patterns/text.js";
import { operationKey } from "../dataExposure/_exchange.js";
import { inputRefs } from "./_shared.js";

const DONE = "inputValidation.missing-content-type-options:done";
const EXAMPLES = 3;

/** API responses where sniffing matters: a body with a content type a browser could re-interpret. */
function relevant(ex: Exchange): boolean {
  const res = ex.response;
  if (!res || res.body.length === 0 || res.status < 200 || res.status === 204 || (res.status >= 300 && res.status < 400)) return false;
  return /json|html|xml|text\/|javascript/i.test(res.contentType) || res.contentType === "";
}

export default defineCheck({
  meta: {
    id: "inputValidation.missing-content-type-options",
    title: "X-Content-Type-Options: nosniff missing",
    category: "inputValidation",
    severity: "info",
    how: "passive",
    description:
      "API responses come without `X-Content-Type-Options: nosniff`, so browsers may MIME-sniff them: a JSON or text response that echoes user input can be rendered as HTML or executed as script when loaded from another page.",
    references: inputRefs([693, 430]),
    remediation: {
      summary: "Send `X-Content-Type-Options: nosniff` on every response (and accurate Content-Type headers).",
      steps: ["Add the header in one place: helmet (Express), SecurityMiddleware (Django), Spring Security defaults, or the reverse proxy."],
    },
    milestone: 1,
  },
  // One finding for the whole scan: the first call looks at every exchange, later calls do nothing.
  analyze(_ex, ctx) {
    if (ctx.shared.get(DONE)) return;
    ctx.shared.set(DONE, true);
    const candidates = ctx.exchanges().filter(relevant);
    const missing = candidates.filter((ex) => !/nosniff/i.test(ex.response?.headers["x-content-type-options"] ?? ""));
    if (missing.length === 0) return;
    const paths = [...new Set(missing.map((ex) => `${ex.request.method} ${requestPath(ex)}`))];
    const examples: Exchange[] = [];
    for (const ex of missing) {
      if (examples.length >= EXAMPLES) break;
      if (!examples.some((e) => requestPath(e) === requestPath(ex))) examples.push(ex);
    }
    ctx.report({
      confidence: "confirmed",
      operation: null,
      key: "nosniff",
      where: missing.map((ex) => ({ operation: operationKey(ex) })),
      evidence: examples.map((ex, i) => ({
        exchange: ex,
        excerpt: `${ex.response?.status} ${ex.response?.contentType || "(no content type)"} without X-Content-Type-Options`,
        ...(i === 0 ? { note: `${missing.length} of ${candidates.length} responses, ${paths.length} distinct requests` } : {}),
      })),
    });
  },
});
