import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("weak-signature", {
  title: "Database certificate with a weak signature",
  severity: "high",
  description:
    "A non-root certificate of the database's chain is signed with SHA-1 or MD5.",
});
