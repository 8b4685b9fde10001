import { defineCheck } from "../../../core/check.js";
import { reportProtocolRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.tls-weak-cipher",
    title: "Weak cipher suites accepted",
    category: "encryption",
    severity: "high",
    how: "probe",
    description:
      "The server accepts cipher suites with no encryption (NULL), no server authentication (anonymous/aNULL), export-grade keys, RC4, RC2, single or triple DES, or MD5 message authentication. Each of these has practical attacks (Sweet32, RC4 biases, FREAK/Logjam-style export downgrades, trivial man-in-the-middle for aNULL).",
    references: tlsRefs([327, 326]),
    remediation: {
      summary: "Allow only ECDHE/DHE suites with AES-GCM, ChaCha20-Poly1305 or AES-CCM.",
      steps: [
        "Replace the cipher list with a modern one, e.g. Mozilla's \"intermediate\" profile: `ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305`.",
        "Never append `@SECLEVEL=0`, `aNULL`, `eNULL`, `EXPORT`, `RC4` or `3DES` to a cipher string.",
        "Re-run `rampart tls host:port` and check that every suite is marked secure or recommended.",
      ],
    },
    milestone: 1,
  },
  run: reportProtocolRule,
});
