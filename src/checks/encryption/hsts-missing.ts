import { defineCheck } from "../../core/check.js";
import { firstTime, operationKey, operationOf } from "../dataExposure/_exchange.js";
import { isHttps, transportRefs } from "./https/_refs.js";
import { isServedHost, servedAt } from "./https/_transport.js";

export default defineCheck({
  meta: {
    id: "encryption.hsts-missing",
    title: "Strict-Transport-Security header missing",
    category: "encryption",
    severity: "medium",
    how: "passive",
    transport: true,
    description:
      "HTTPS responses carry no Strict-Transport-Security header, so a client that once reaches the API over plain HTTP (a typed URL, a downgrade by an attacker on the network) is not told to insist on HTTPS.",
    references: transportRefs([319, 523]),
    remediation: {
      summary: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response.",
      steps: [
        "Add the header at the edge (load balancer, ingress, reverse proxy) or in the framework's middleware.",
        "Use max-age of at least one year and includeSubDomains once every subdomain serves HTTPS.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    if (!ex.response || !isHttps(ex.request.url)) return;
    if (!isServedHost(ctx, ex.request.url)) return;
    if (ex.response.headers["strict-transport-security"]) return;
    if (!firstTime(ctx, operationKey(ex))) return;
    const op = operationOf(ex);
    ctx.report({
      confidence: "confirmed",
      key: servedAt(ctx).host,
      where: { operation: `${op.method} ${op.path}` },
      evidence: [{ exchange: ex, excerpt: "no Strict-Transport-Security header", note: `status ${ex.response.status}` }],
    });
  },
});
