import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-weak-signature",
    title: "Certificate signed with a weak hash",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "A certificate in the chain (other than a root) is signed with SHA-1 or MD5. Chosen-prefix collisions against both are practical, so a forged certificate with the same signature can be produced; browsers stopped trusting such certificates.",
    references: tlsRefs([327, 328]),
    remediation: {
      summary: "Re-issue the certificate (and any intermediate) with a SHA-256 or stronger signature.",
      steps: [
        "Request a new certificate signed with SHA-256 (or use ECDSA with SHA-256/384).",
        "Replace intermediates that are still SHA-1 signed.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
