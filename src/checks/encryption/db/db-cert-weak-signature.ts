import { dbTlsRuleCheck } from "./_tls-rule.js";

export default dbTlsRuleCheck("cert", "weak-signature", {
  title: "Database certificate with a weak signature",
  severity: "high",
  description:
    "A non-root certificate of the database's chain is signed with SHA-1 or MD5.",
});
