import { dbCertCheck } from "./_db-cert.js";

export default dbCertCheck("weak-key", {
  title: "Database certificate key too weak",
  severity: "high",
  description:
    "The database's certificate uses an RSA/DSA key under 2048 bits or an EC key under 256 bits.",
});
