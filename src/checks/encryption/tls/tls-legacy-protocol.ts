import { defineCheck } from "../../../core/check.js";
import { reportProtocolRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.tls-legacy-protocol",
    title: "Legacy SSL/TLS protocol accepted",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "The server completes handshakes with SSL 2.0 or SSL 3.0 (critical: broken by DROWN and POODLE) or TLS 1.0 / TLS 1.1 (high: deprecated by RFC 8996, no modern AEAD suites, BEAST-era CBC constructions). A network attacker who can force a downgrade, or an old client, gets a connection protected by obsolete cryptography.",
    references: tlsRefs([326, 327]),
    remediation: {
      summary: "Accept only TLS 1.2 and TLS 1.3.",
      steps: [
        "Set the minimum protocol to TLS 1.2 where TLS terminates (load balancer, ingress, reverse proxy, or the app server), e.g. nginx `ssl_protocols TLSv1.2 TLSv1.3;`, Node `minVersion: 'TLSv1.2'`.",
        "Disable SSLv2/SSLv3 entirely; they must never be reachable.",
        "Re-run `rampart tls host:port` to confirm only TLS 1.2/1.3 remain.",
      ],
    },
    milestone: 1,
  },
  run: reportProtocolRule,
});
