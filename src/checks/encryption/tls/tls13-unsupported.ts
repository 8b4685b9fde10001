import { defineCheck } from "../../../core/check.js";
import { reportProtocolRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.tls13-unsupported",
    title: "TLS 1.3 not supported",
    category: "encryption",
    severity: "low",
    how: "probe",
    description:
      "The server does not negotiate TLS 1.3. TLS 1.3 removes static-RSA and CBC suites, always provides forward secrecy and encrypts more of the handshake; without it clients fall back to TLS 1.2 and whatever suites the server still allows there.",
    references: tlsRefs([326]),
    remediation: {
      summary: "Enable TLS 1.3 alongside TLS 1.2.",
      steps: [
        "Upgrade the TLS terminator to a version built on OpenSSL 1.1.1+ (or an equivalent library) and enable TLSv1.3 in its protocol list.",
        "Keep TLS 1.2 for clients that lack 1.3, restricted to ECDHE + AEAD suites.",
      ],
    },
    milestone: 1,
  },
  run: reportProtocolRule,
});
