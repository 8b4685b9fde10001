// Stack-independent advice per check id: the fallback when the stack is unknown or low-confidence.
// `encryption.db-cert-*` ids use the `encryption.cert-*` row with the database's certificate in mind.
import { VULNERABILITIES, VULNERABILITY_IDS } from "../../tls/vulns/catalog.js";
import { TLS_VULNERABILITY_ADVICE } from "./tls-vulnerabilities.js";

export interface GenericAdvice {
  summary: string;
  steps: string[];
  code?: string;
}

const NGINX_TLS = `# nginx (or the equivalent at your load balancer / ingress)
ssl_protocols TLSv1.2 TLSv1.3;
ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
ssl_prefer_server_ciphers off;`;

const RENEW = "Automate issuance and renewal (ACME/cert-manager, or your internal CA's tooling) and alert 30 days before expiry.";

/** The named TLS vulnerabilities' advice, keyed by their check ids. */
const TLS_VULNERABILITY_GENERIC: Record<string, GenericAdvice> = Object.fromEntries(
  VULNERABILITY_IDS.map((id) => {
    const a = TLS_VULNERABILITY_ADVICE[id];
    return [`encryption.${VULNERABILITIES[id].check}`, { summary: a.summary, steps: a.steps, code: a.code }];
  }),
);

export const GENERIC_ADVICE: Record<string, GenericAdvice> = {
  ...TLS_VULNERABILITY_GENERIC,
  "encryption.https-unavailable": {
    summary: "Serve the API over HTTPS (TLS 1.2+) and stop serving it over plain HTTP.",
    steps: ["Terminate TLS at the API or its proxy with a certificate for the API host.", "Redirect plain HTTP to HTTPS (308), then add HSTS."],
    code: NGINX_TLS,
  },
  "encryption.http-not-redirected": {
    summary: "Answer plain-HTTP requests with a 301/308 redirect to the same path over HTTPS, never with API content.",
    steps: ["Configure the redirect at the edge or in the framework.", "Add HSTS so browsers stop trying HTTP."],
  },
  "encryption.http-redirect-insecure": {
    summary: "Redirect plain HTTP straight to https:// on the same host.",
    steps: ["Build the Location from the configured public https origin, not another http:// URL or another host."],
  },
  "encryption.credentials-over-plaintext": {
    summary: "Never accept credentials over plain HTTP: serve only HTTPS and treat credentials already sent in clear as compromised.",
    steps: ["Serve HTTPS only and redirect or refuse plain HTTP.", "Rotate tokens, keys and passwords that travelled over HTTP.", "Add HSTS."],
  },
  "encryption.hsts-missing": {
    summary: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response.",
    steps: ["Set the header at the edge or in the framework.", "Use at least one year; add includeSubDomains once every subdomain serves HTTPS."],
  },
  "encryption.hsts-weak": {
    summary: "Raise HSTS max-age to at least 31536000 and add includeSubDomains.",
    steps: ["Increase max-age step by step if you are unsure, then keep it at one year or more."],
  },
  "encryption.tls-legacy-protocol": {
    summary: "Disable SSLv2, SSLv3, TLS 1.0 and TLS 1.1; offer TLS 1.2 and 1.3 only.",
    steps: ["Set the minimum protocol at every TLS terminator (proxy, load balancer, app server, database)."],
    code: NGINX_TLS,
  },
  "encryption.tls13-unsupported": {
    summary: "Enable TLS 1.3 (OpenSSL 1.1.1+ or any current TLS library).",
    steps: ["Upgrade the TLS terminator and add TLSv1.3 to the allowed protocols."],
    code: NGINX_TLS,
  },
  "encryption.tls-weak-cipher": {
    summary: "Remove NULL, anonymous, EXPORT, RC4, DES/3DES and MD5 suites; keep AEAD suites with ECDHE.",
    steps: ["Replace the cipher list with a modern one (e.g. Mozilla's intermediate profile)."],
    code: NGINX_TLS,
  },
  "encryption.tls-no-forward-secrecy": {
    summary: "Prefer ECDHE key exchange and drop static-RSA key-exchange suites.",
    steps: ["Use an ECDHE-only cipher list for TLS 1.2; TLS 1.3 is always forward-secret."],
    code: NGINX_TLS,
  },
  "encryption.tls-weak-dh": {
    summary: "Use DH groups of 2048 bits or more (ffdhe2048+), or drop DHE in favour of ECDHE.",
    steps: ["Configure RFC 7919 groups or remove DHE suites."],
  },
  "encryption.cert-expired": {
    summary: "Replace the expired certificate now and automate renewal.",
    steps: ["Issue a new certificate with the same names and deploy it to every terminator.", RENEW],
  },
  "encryption.cert-not-yet-valid": {
    summary: "Deploy a certificate whose validity has started, and check the server's clock.",
    steps: ["Check NTP on the server and the issuing CA's clock.", "Re-issue if notBefore is wrong."],
  },
  "encryption.cert-expiring-soon": { summary: "Renew the certificate before it expires.", steps: [RENEW] },
  "encryption.cert-untrusted": {
    summary: "Serve a certificate chain that clients trust: a public CA for public endpoints, your internal CA (distributed to clients) for internal ones.",
    steps: ["Replace self-signed certificates.", "Send the full chain (leaf + intermediates).", "Give clients the internal CA file instead of disabling verification."],
  },
  "encryption.cert-hostname-mismatch": {
    summary: "Issue the certificate for every name (and IP) clients use, in the subjectAltName.",
    steps: ["Add each DNS name/IP to the SAN list and redeploy."],
  },
  "encryption.cert-weak-key": {
    summary: "Re-key with RSA 2048+ (3072 recommended) or ECDSA P-256+.",
    steps: ["Generate a new key pair, get a new certificate, and revoke the old one."],
  },
  "encryption.cert-weak-signature": {
    summary: "Re-issue the certificate signed with SHA-256 or better.",
    steps: ["Ask the CA for a SHA-256 (or stronger) signature; replace SHA-1/MD5-signed intermediates too."],
  },
  "encryption.cert-incomplete-chain": {
    summary: "Serve the intermediate certificates with the leaf.",
    steps: ["Configure the full chain file (leaf first, then intermediates, no root)."],
  },
  "encryption.cookie-insecure": {
    summary: "Set Secure, HttpOnly and SameSite on session cookies.",
    steps: ["Secure on every cookie served over HTTPS; HttpOnly on session cookies; SameSite=None only with Secure."],
  },
  "encryption.mixed-content": {
    summary: "Use https:// for every URL the API returns or documents.",
    steps: ["Fix the spec's servers list.", "Make the framework aware of the TLS proxy so generated links use https."],
  },
  "encryption.key-material-exposed": {
    summary: "Remove the key from the response, rotate it now, and load keys from a secret store or KMS at runtime instead of the image or configuration files.",
    steps: [
      "Find what returns it (debug/env endpoint, config dump, error page, static file) and remove or protect it.",
      "Treat the key as compromised: rotate it, re-encrypt or re-sign what it protected, revoke certificates for leaked private keys.",
      "Keep keys in a secret store/KMS; prefer envelope encryption so the application never holds the master key.",
    ],
  },
  "encryption.db-dsn-exposed": {
    summary: "Stop returning connection strings, rotate the database password, and keep DSNs in a secret store.",
    steps: [
      "Remove the DSN from the response (config/env endpoint, error message, health output).",
      "Rotate the database credentials it contained.",
      "Restrict the database to the application's network so a leaked DSN alone cannot be used.",
    ],
  },
  "encryption.db-dsn-insecure-sslmode": {
    summary: "Connect with sslmode=verify-full (or the driver's equivalent) and the server's CA (sslrootcert), never disable/allow/prefer/require.",
    steps: [
      "Set verify-full and point sslrootcert at the CA that signed the database certificate.",
      "Make sure the database certificate's SAN covers the host name in the DSN.",
      "Keep the DSN in a secret store, not in the image or repository.",
    ],
  },
  "encryption.db-plaintext-accepted": {
    summary: "Make the database refuse unencrypted connections, and connect with verify-full.",
    steps: ["Reject non-TLS connections on the server (pg_hba hostnossl … reject / CockroachDB secure mode).", "Switch every client to verify-full."],
  },
  "encryption.db-tls-unsupported": {
    summary: "Enable TLS on the database server, then require it.",
    steps: ["Give the server a certificate and turn TLS on.", "Refuse plaintext connections and switch clients to verify-full."],
  },
  "encryption.cockroach-insecure-mode": {
    summary: "Restart CockroachDB in secure mode and keep its HTTP console off the public network.",
    steps: ["Create certificates and start nodes with --certs-dir (never --insecure).", "Set a password or client certificate for every SQL user, root included."],
  },
  "encryption.weak-password-hash-exposed": {
    summary: "Stop returning password hashes, and store passwords with Argon2id, scrypt or bcrypt.",
    steps: [
      "Remove hash fields from response models/serializers.",
      "Migrate fast or unsalted hashes (MD5, SHA-1, SHA-256) to an adaptive hash on next login; force resets for exposed accounts.",
    ],
  },
};

export const FALLBACK_ADVICE: GenericAdvice = {
  summary: "Review the finding's evidence and apply the fix described for this check.",
  steps: ["See the check's description for what was detected and why it matters."],
};
