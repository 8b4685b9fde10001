import { defineCheck } from "../../../core/check.js";
import { reportProtocolRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.tls-no-forward-secrecy",
    title: "Cipher suites without forward secrecy",
    category: "encryption",
    severity: "medium",
    how: "probe",
    description:
      "The server accepts suites with static key exchange (plain RSA, static DH/ECDH, PSK) or offers no ECDHE/DHE suite at all. Anyone who later obtains the server's private key (a leak, a subpoena, a compromised backup) can decrypt every recorded session that used those suites.",
    references: tlsRefs([327]),
    remediation: {
      summary: "Offer only ECDHE (or DHE) key exchange in TLS 1.2; TLS 1.3 always provides forward secrecy.",
      steps: [
        "Remove suites starting with `AES`, `CAMELLIA`, `DES-CBC3`, `ECDH-` and `DH-` (static key exchange) from the cipher list.",
        "Prefer ECDHE suites and enable TLS 1.3.",
      ],
    },
    milestone: 1,
  },
  run: reportProtocolRule,
});
