import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("incomplete-chain", {
  title: "Database certificate chain incomplete",
  severity: "medium",
  description:
    "The database does not send the intermediate certificates, so clients that only hold the root cannot verify it.", milestone: 2,
});
