import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-untrusted",
    title: "Certificate not trusted",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "The certificate chain does not lead to a trusted root: the certificate is self-signed, signed by a root that is neither in the system trust store nor in the CA file given with --ca, or a signature in the chain does not verify. Clients either fail or are configured to skip verification, which makes man-in-the-middle attacks trivial.",
    references: tlsRefs([295, 296]),
    remediation: {
      summary: "Use a certificate issued by a CA your clients trust, and serve the full chain.",
      steps: [
        "Obtain a certificate from a public CA, or from an internal CA whose root is distributed to every client.",
        "For internal services, pass the internal root to Rampart with `--ca root.pem` so it is judged like your clients judge it.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
