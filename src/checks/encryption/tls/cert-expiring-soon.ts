import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-expiring-soon",
    title: "Certificate expires soon",
    category: "encryption",
    severity: "medium",
    how: "probe",
    description:
      "The server's certificate expires within 30 days (high severity within 7 days). When it lapses every validating client fails, and teams under pressure tend to switch certificate validation off.",
    references: tlsRefs([298]),
    remediation: {
      summary: "Renew the certificate now and automate renewal.",
      steps: [
        "Renew and deploy the certificate (with intermediates).",
        "Automate renewal (ACME) and monitor the days left.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
