import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { internalAddressTable } from "../../patterns/internal-addresses.js";
import { excerptAround } from "../../patterns/redact.js";
import { dataRefs, operationKey, operationOf, scannableBody, within } from "./_exchange.js";

// Headers where proxies and frameworks leak upstream addresses.
const HEADERS = ["location", "via", "x-backend-server", "x-upstream", "x-served-by", "x-server", "x-host", "x-forwarded-host", "link", "content-location"];

/** Reports the internal addresses in one place of a response; true when the text has one (the first
 *  place with an address decides, reported or not). */
function reportIn(ex: Exchange, ctx: CheckContext, where: "header" | "body", text: string): boolean {
  const all = internalAddressTable.scan(text, 20);
  if (all.length === 0) return false;
  const host = ctx.target.host.toLowerCase();
  const matches = all.filter((m) => m.value.toLowerCase() !== host);
  const first = matches[0];
  if (!first) return false;
  if (!within(ctx, operationKey(ex), 1)) return true;
  const distinct = [...new Set(matches.map((m) => m.value))];
  ctx.report({
    confidence: "firm",
    operation: operationOf(ex),
    key: "internal-address",
    evidence: [
      {
        exchange: ex,
        excerpt: excerptAround(text, first.index, first.index + first.value.length, first.value, 30),
        note: `${first.row.title} in the ${where}; ${distinct.length} distinct: ${distinct.slice(0, 5).join(", ")}`,
      },
    ],
  });
  return true;
}

export default defineCheck({
  meta: {
    id: "dataExposure.internal-address",
    title: "Internal network addresses in responses",
    category: "dataExposure",
    severity: "low",
    how: "passive",
    description:
      "A response reveals internal network addresses: RFC 1918 or link-local IPs, unique-local IPv6, or hostnames under internal suffixes (*.internal, *.local, *.svc.cluster.local, *.corp). They map the network behind the API and give SSRF and lateral-movement attempts their targets.",
    references: dataRefs([200, 497], { owaspApi2023: ["API8"], owaspTop10_2021: ["A05"] }),
    remediation: {
      summary: "Keep infrastructure details out of responses: strip upstream addresses from headers, errors and status payloads.",
      steps: [
        "Remove backend hosts/IPs from health and status endpoints exposed to clients; keep detailed health internal.",
        "Configure the proxy to drop Via/X-Backend-Server style headers and to rewrite Location headers.",
        "Return generic error bodies; connection errors must not echo the database or cache address.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res) return;
    // The listed headers that are set, one `name: value` line each (built without a list per exchange).
    let headerText = "";
    for (let i = 0; i < HEADERS.length; i++) {
      const h = HEADERS[i]!;
      const v = res.headers[h];
      if (v) headerText = headerText ? `${headerText}\n${h}: ${v}` : `${h}: ${v}`;
    }
    const body = scannableBody(ex) ?? "";
    // The headers first, then the body: the first place with an address decides.
    if (headerText && reportIn(ex, ctx, "header", headerText)) return;
    if (body) reportIn(ex, ctx, "body", body);
  },
});
