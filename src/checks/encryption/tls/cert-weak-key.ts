import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-weak-key",
    title: "Weak certificate key",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "The certificate's public key is too small: RSA or DSA under 2048 bits, or an elliptic-curve key under 256 bits. Such keys can be factored or broken with resources well within reach of determined attackers, and browsers reject them.",
    references: tlsRefs([326]),
    remediation: {
      summary: "Use an RSA key of at least 2048 bits (3072 preferred) or an ECDSA P-256/P-384 key.",
      steps: [
        "Generate a new key pair (`openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256`) and have the certificate re-issued for it.",
        "Revoke the old certificate.",
      ],
    },
    milestone: 1,
  },
  run: reportCertificateRule,
});
