import { dbTlsRuleCheck } from "./_tls-rule.js";

export default dbTlsRuleCheck("protocol", "tls13-unsupported", {
  title: "Database without TLS 1.3",
  severity: "low",
  description:
    "The database's TLS listener does not offer TLS 1.3.",
});
