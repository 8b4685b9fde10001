// Registry of the database-transport and leaked-secret checks (encryption.db-*, key material, password hashes).
import type { Check } from "../../../core/check.js";
import dbDsnExposed from "./db-dsn-exposed.js";
import dbDsnInsecureSslmode from "./db-dsn-insecure-sslmode.js";
import dbPlaintextAccepted from "./db-plaintext-accepted.js";
import dbTlsUnsupported from "./db-tls-unsupported.js";
import keyMaterialExposed from "./key-material-exposed.js";
import weakPasswordHashExposed from "./weak-password-hash-exposed.js";

export const dbChecks: Check[] = [
  dbDsnExposed,
  dbDsnInsecureSslmode,
  dbPlaintextAccepted,
  dbTlsUnsupported,
  keyMaterialExposed,
  weakPasswordHashExposed,
];
