import { dbTlsRuleCheck } from "./_tls-rule.js";

export default dbTlsRuleCheck("protocol", "tls-weak-dh", {
  title: "Database uses a weak DH group",
  severity: "medium",
  description:
    "The database's TLS listener uses DHE with a group under 2048 bits.", milestone: 2,
});
