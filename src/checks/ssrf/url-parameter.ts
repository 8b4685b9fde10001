import { defineCheck } from "../../core/check.js";
import type { References } from "../../core/types.js";
import { urlInputs } from "./_url-inputs.js";

const MAX_NAMES = 5;

export const ssrfRefs: References = { owaspApi2023: ["API7"], owaspTop10_2021: ["A10"], cwe: [918], soc2: ["CC6.6"] };

export default defineCheck({
  meta: {
    id: "ssrf.url-parameter",
    title: "Operations that take URLs",
    category: "ssrf",
    severity: "info",
    how: "offline",
    description:
      "Parameters and request-body properties that take URLs (url, uri, callback, webhook, redirect, next, image, feed, dest, target, or a URI format). If the server fetches them, an attacker can make it request internal services and cloud metadata endpoints (server-side request forgery). This is the inventory of that surface; it is not itself a vulnerability.",
    references: ssrfRefs,
    remediation: {
      summary: "Fetch user-supplied URLs only through an allow-list of hosts and schemes, from an egress-restricted network.",
      steps: [
        "Validate scheme (https only) and host against an allow-list; resolve the name and refuse private, loopback, link-local and metadata addresses (169.254.169.254, fd00:ec2::254).",
        "Re-check after redirects (or disable them) and pin the resolved address for the connection.",
        "Run fetchers in a network segment without access to internal services.",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    const ops = ctx.api?.operations ?? [];
    let found = 0;
    for (const op of ops) {
      const inputs = urlInputs(op);
      if (inputs.length === 0) continue;
      found++;
      ctx.report({
        confidence: "confirmed",
        operation: op,
        evidence: [
          {
            request: `${op.method} ${op.path}`,
            status: null,
            excerpt: `takes URLs: ${inputs.slice(0, MAX_NAMES).map((i) => `${i.where}${i.byFormat ? " (format uri)" : ""}`).join(", ")}${inputs.length > MAX_NAMES ? `, +${inputs.length - MAX_NAMES} more` : ""}`,
            note: op.pointer,
          },
        ],
        reproduce: null,
      });
    }
    if (found > 0) ctx.shared.set("applicable:ssrf", true);
  },
});
