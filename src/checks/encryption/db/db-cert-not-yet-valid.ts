import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("not-yet-valid", {
  title: "Database certificate not yet valid",
  severity: "high",
  description:
    "The database's TLS certificate is before its notBefore date (wrong issuance or clock): verifying clients refuse it, which pushes operators towards disabling verification.",
});
