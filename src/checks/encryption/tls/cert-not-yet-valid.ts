import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-not-yet-valid",
    title: "Certificate not yet valid",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "The server's certificate has a notBefore date in the future: validating clients refuse it. This usually means a clock problem on the issuing side or a certificate deployed before its validity window.",
    references: tlsRefs([298]),
    remediation: {
      summary: "Deploy a certificate whose validity window has started, and check the clocks of the issuing CA and the server.",
      steps: [
        "Re-issue the certificate, or wait for its notBefore time before deploying it.",
        "Synchronise clocks (NTP) on the CA and the servers.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
