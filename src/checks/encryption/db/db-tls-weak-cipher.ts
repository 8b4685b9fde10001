import { dbTlsRuleCheck } from "./_tls-rule.js";

export default dbTlsRuleCheck("protocol", "tls-weak-cipher", {
  title: "Database accepts weak cipher suites",
  severity: "high",
  description:
    "The database's TLS listener accepts NULL, anonymous, EXPORT, RC4, DES/3DES or MD5-MAC suites.",
});
