import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-expired",
    title: "Certificate expired",
    category: "encryption",
    severity: "critical",
    how: "probe",
    description:
      "The server's certificate is past its notAfter date. Clients that validate certificates refuse the connection; clients that are configured to ignore errors so they keep working also accept an attacker's certificate, which defeats TLS.",
    references: tlsRefs([298, 324]),
    remediation: {
      summary: "Renew the certificate and automate renewal.",
      steps: [
        "Issue a new certificate (ACME/Let's Encrypt, your internal CA or your provider) and deploy it with its intermediate certificates.",
        "Automate renewal and alert on certificates with fewer than 30 days left.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
