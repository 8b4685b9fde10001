import { dbTlsRuleCheck } from "./_tls-rule.js";

export default dbTlsRuleCheck("protocol", "tls-legacy-protocol", {
  title: "Database accepts legacy TLS/SSL versions",
  severity: "high",
  description:
    "The database's TLS listener accepts SSLv2/SSLv3 (critical) or TLS 1.0/1.1 (high): protocol versions with known attacks that downgrade the protection of database traffic.",
});
