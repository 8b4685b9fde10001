import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("hostname-mismatch", {
  title: "Database certificate does not match its host",
  severity: "high",
  description:
    "No subjectAltName or CN of the database's certificate matches the host clients use: sslmode=verify-full fails, so clients fall back to weaker modes.",
});
