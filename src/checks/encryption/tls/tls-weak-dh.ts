import { defineCheck } from "../../../core/check.js";
import { reportProtocolRule, tlsRefs } from "./_tls.js";

export default defineCheck({
  meta: {
    id: "encryption.tls-weak-dh",
    title: "Weak Diffie-Hellman group",
    category: "encryption",
    severity: "medium",
    how: "probe",
    description:
      "The server uses a finite-field Diffie-Hellman group under 2048 bits for DHE suites. 1024-bit groups are within reach of well-funded attackers and shared 1024-bit primes were the basis of Logjam; 512-bit export groups are broken outright.",
    references: tlsRefs([326]),
    remediation: {
      summary: "Use a DH group of at least 2048 bits (RFC 7919 ffdhe2048 or larger), or drop DHE in favour of ECDHE.",
      steps: [
        "Configure a 2048-bit or larger DH parameter file (`openssl dhparam 2048`, or the RFC 7919 groups), e.g. nginx `ssl_dhparam`, Node `dhparam`.",
        "Alternatively remove DHE suites and rely on ECDHE.",
      ],
    },
    milestone: 2,
  },
  run: reportProtocolRule,
});
