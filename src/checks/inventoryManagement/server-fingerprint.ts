import { defineCheck } from "../../core/check.js";
import { BANNER_HEADERS, bannerVersion } from "../../patterns/banners.js";
import { inventoryRefs } from "./_refs.js";

const SEEN = "inventoryManagement.server-fingerprint:seen";

export default defineCheck({
  meta: {
    id: "inventoryManagement.server-fingerprint",
    title: "Server and framework banners disclose versions",
    category: "inventoryManagement",
    severity: "low",
    how: "passive",
    description:
      "Responses advertise the server or framework and its version (Server: nginx/1.25.3, X-Powered-By: Express, X-AspNet-Version …). Banners let an attacker match the stack against known CVEs without probing and tell them which exploits to try first.",
    references: inventoryRefs([200, 497]),
    remediation: {
      summary: "Remove X-Powered-By style headers and strip version numbers from Server headers.",
      steps: [
        "Express: `app.disable('x-powered-by')` (or helmet). ASP.NET: `<httpRuntime enableVersionHeader=\"false\"/>`, Kestrel `AddServerHeader = false`.",
        "nginx: `server_tokens off;`. Apache: `ServerTokens Prod` and `ServerSignature Off`. uvicorn: `--no-server-header`.",
        "Keep the stack patched regardless: hiding versions slows attackers down, it does not fix vulnerabilities.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res) return;
    let seen = ctx.shared.get(SEEN) as Set<string> | undefined;
    if (!seen) ctx.shared.set(SEEN, (seen = new Set()));
    for (const { header, always } of BANNER_HEADERS) {
      const value = res.headers[header];
      if (!value || seen.has(header)) continue;
      const version = bannerVersion(value);
      if (!version && !always) continue;
      seen.add(header);
      ctx.report({
        confidence: "confirmed",
        operation: null,
        key: header,
        title: version ? `${header} header discloses ${value.split(/[\s,]/)[0]}` : `${header} header advertises the stack`,
        evidence: [{ exchange: ex, excerpt: `${header}: ${value.slice(0, 120)}`, note: version ? `version ${version}` : "no version, but names the software" }],
      });
    }
  },
});
