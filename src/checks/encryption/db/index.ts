// Registry of the database-transport and leaked-secret checks: encryption.db-* (wire probe, DSNs, the
// database's TLS certificate and protocols), key material and password hashes in responses.
import type { Check } from "../../../core/check.js";
import dbCertExpired from "./db-cert-expired.js";
import dbCertExpiringSoon from "./db-cert-expiring-soon.js";
import dbCertHostnameMismatch from "./db-cert-hostname-mismatch.js";
import dbCertIncompleteChain from "./db-cert-incomplete-chain.js";
import dbCertNotYetValid from "./db-cert-not-yet-valid.js";
import dbCertUntrusted from "./db-cert-untrusted.js";
import dbCertWeakKey from "./db-cert-weak-key.js";
import dbCertWeakSignature from "./db-cert-weak-signature.js";
import dbDsnExposed from "./db-dsn-exposed.js";
import dbDsnInsecureSslmode from "./db-dsn-insecure-sslmode.js";
import dbPlaintextAccepted from "./db-plaintext-accepted.js";
import dbTlsUnsupported from "./db-tls-unsupported.js";
import keyMaterialExposed from "./key-material-exposed.js";
import weakPasswordHashExposed from "./weak-password-hash-exposed.js";

export const dbChecks: Check[] = [
  dbCertExpired,
  dbCertExpiringSoon,
  dbCertHostnameMismatch,
  dbCertIncompleteChain,
  dbCertNotYetValid,
  dbCertUntrusted,
  dbCertWeakKey,
  dbCertWeakSignature,
  dbDsnExposed,
  dbDsnInsecureSslmode,
  dbPlaintextAccepted,
  dbTlsUnsupported,
  keyMaterialExposed,
  weakPasswordHashExposed,
];
