import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("expired", {
  title: "Database certificate expired",
  severity: "critical",
  description:
    "The database's TLS certificate is past its notAfter date: clients that verify it (sslmode=verify-full) cannot connect, and clients that still connect are not verifying anything.",
});
