import { defineCheck } from "../../core/check.js";
import { HSTS_MIN_MAX_AGE, parseHsts } from "./https/hsts.js";
import { firstTime, operationKey, operationOf } from "../dataExposure/_exchange.js";
import { isHttps, transportRefs } from "./https/_refs.js";
import { isServedHost, servedAt } from "./https/_transport.js";

export default defineCheck({
  meta: {
    id: "encryption.hsts-weak",
    title: "Strict-Transport-Security policy is weak",
    category: "encryption",
    severity: "low",
    how: "passive",
    transport: true,
    description:
      "The Strict-Transport-Security header is present but its max-age is under one year (31536000 s) or it lacks includeSubDomains, leaving a window or sibling hosts for a downgrade.",
    references: transportRefs([523]),
    remediation: {
      summary: "Use `Strict-Transport-Security: max-age=31536000; includeSubDomains` (or longer).",
      steps: ["Raise max-age to at least 31536000.", "Add includeSubDomains once every subdomain serves HTTPS."],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const value = ex.response?.headers["strict-transport-security"];
    if (!value || !isHttps(ex.request.url) || !isServedHost(ctx, ex.request.url)) return;
    const h = parseHsts(value);
    const problems: string[] = [];
    if (h.maxAge === null || h.maxAge < HSTS_MIN_MAX_AGE) problems.push(`max-age ${h.maxAge ?? "missing"} < ${HSTS_MIN_MAX_AGE}`);
    if (!h.includeSubDomains) problems.push("no includeSubDomains");
    if (problems.length === 0 || !firstTime(ctx, operationKey(ex))) return;
    const op = operationOf(ex);
    ctx.report({
      confidence: "confirmed",
      key: servedAt(ctx).host,
      where: { operation: `${op.method} ${op.path}` },
      evidence: [{ exchange: ex, excerpt: `Strict-Transport-Security: ${value}`, note: problems.join("; ") }],
    });
  },
});
