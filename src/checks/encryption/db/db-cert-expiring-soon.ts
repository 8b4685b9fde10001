import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("expiring-soon", {
  title: "Database certificate expiring soon",
  severity: "medium",
  description:
    "The database's TLS certificate expires within 30 days (high within 7): once it does, verifying clients stop connecting.",
});
