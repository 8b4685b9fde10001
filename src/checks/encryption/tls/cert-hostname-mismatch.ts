import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-hostname-mismatch",
    title: "Certificate does not match the host name",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "None of the certificate's subject alternative names (DNS or IP), nor its common name, matches the host the API is reached at. Validating clients refuse the connection; clients that skip the check would accept any certificate.",
    references: tlsRefs([297]),
    remediation: {
      summary: "Serve a certificate whose subjectAltName lists the API's host name (or IP address).",
      steps: [
        "Re-issue the certificate with the correct DNS names (and IP SANs when clients connect by address).",
        "With several names on one IP, make sure SNI selects the right certificate.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
