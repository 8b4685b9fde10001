// Registry of the TLS and certificate checks (encryption.tls-*, encryption.cert-*), with the named
// vulnerability checks (encryption.tls-heartbleed …) built from their table.
import type { Check } from "../../../core/check.js";
import certExpired from "./cert-expired.js";
import certExpiringSoon from "./cert-expiring-soon.js";
import certHostnameMismatch from "./cert-hostname-mismatch.js";
import certIncompleteChain from "./cert-incomplete-chain.js";
import certNotYetValid from "./cert-not-yet-valid.js";
import certUntrusted from "./cert-untrusted.js";
import certWeakKey from "./cert-weak-key.js";
import certWeakSignature from "./cert-weak-signature.js";
import tlsLegacyProtocol from "./tls-legacy-protocol.js";
import tlsNoForwardSecrecy from "./tls-no-forward-secrecy.js";
import tlsWeakCipher from "./tls-weak-cipher.js";
import tlsWeakDh from "./tls-weak-dh.js";
import tls13Unsupported from "./tls13-unsupported.js";
import { tlsVulnerabilityChecks } from "./vulnerabilities.js";

export const tlsChecks: Check[] = [
  certExpired,
  certExpiringSoon,
  certHostnameMismatch,
  certIncompleteChain,
  certNotYetValid,
  certUntrusted,
  certWeakKey,
  certWeakSignature,
  tlsLegacyProtocol,
  tlsNoForwardSecrecy,
  tlsWeakCipher,
  tlsWeakDh,
  tls13Unsupported,
  ...tlsVulnerabilityChecks,
];
