import { dbTlsRuleCheck } from "./_tls-rule.js";

export default dbTlsRuleCheck("protocol", "tls-no-forward-secrecy", {
  title: "Database accepts suites without forward secrecy",
  severity: "medium",
  description:
    "The database's TLS listener accepts static-RSA key exchange (PostgreSQL's default ssl_ciphers does): whoever later obtains the server key can decrypt recorded database traffic.",
});
