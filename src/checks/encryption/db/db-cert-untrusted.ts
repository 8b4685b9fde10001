import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("untrusted", {
  title: "Database certificate not trusted",
  severity: "high",
  description:
    "The database's TLS certificate is self-signed or does not chain to a trusted anchor (system store or --ca): clients can only connect by skipping verification (sslmode=require), which an active attacker exploits.",
});
