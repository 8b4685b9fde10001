import { defineCheck } from "../../../core/check.js";
import { reportCertificateRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.cert-incomplete-chain",
    title: "Certificate chain incomplete",
    category: "encryption",
    severity: "medium",
    how: "probe",
    description:
      "The server sends its certificate without the intermediate certificate(s) needed to reach a trusted root. Browsers may paper over this by fetching intermediates, but API clients (curl, language runtimes, mobile apps) fail, and teams then disable verification.",
    references: tlsRefs([296]),
    remediation: {
      summary: "Serve the full chain: leaf certificate followed by every intermediate.",
      steps: [
        "Configure the certificate file as the full chain (e.g. Let's Encrypt `fullchain.pem`, nginx `ssl_certificate` with intermediates appended).",
        "Verify with `openssl s_client -showcerts` that the intermediates are sent.",
      ],
    },
    milestone: 2,
  },
  run: reportCertificateRule,
});
