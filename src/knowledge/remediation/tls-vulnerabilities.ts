// The named TLS vulnerabilities as checks: what each one means, how bad it is, and the fix for the
// terminators APIs sit behind (nginx, Apache httpd, HAProxy, Envoy, Caddy, uvicorn/gunicorn behind a
// proxy, Node) and, where the database speaks TLS, PostgreSQL and CockroachDB. One row per vulnerability;
// src/checks/encryption/tls/vulnerabilities.ts turns the rows into checks, generic.ts into advice.
import type { Severity } from "../../core/types.js";
import type { VulnerabilityId } from "../../tls/vulns/catalog.js";

export interface TlsVulnerabilityAdvice {
  title: string;
  severity: Severity;
  cwe: number[];
  description: string;
  summary: string;
  steps: string[];
  /** Configuration per server, as one block with a comment heading each. */
  code: string;
  /** The check that already reports the same root cause and carries its score; this one is then info. */
  scoredUnder?: string;
}

/** Modern protocols only: ends SSLv2/SSLv3/TLS 1.0-era attacks at once. */
const PROTOCOLS = `# nginx
ssl_protocols TLSv1.2 TLSv1.3;
# Apache httpd (mod_ssl)
SSLProtocol -all +TLSv1.2 +TLSv1.3
# HAProxy (global section)
ssl-default-bind-options ssl-min-ver TLSv1.2
# Envoy (DownstreamTlsContext → common_tls_context.tls_params)
tls_minimum_protocol_version: TLSv1_2
# Caddy (site block)
tls {
  protocols tls1.2 tls1.3
}
# Node (https.createServer / tls.createServer options)
{ minVersion: "TLSv1.2" }
# uvicorn/gunicorn: terminate TLS at the proxy in front (settings above); when uvicorn serves TLS
# itself, run it on Python with OpenSSL 3, which refuses SSLv3/TLS 1.0/1.1 by default
# PostgreSQL (postgresql.conf)
ssl_min_protocol_version = 'TLSv1.2'`;

/** ECDHE with AEAD only: no CBC, no 3DES/RC4, no export, no static-RSA key exchange. */
const AEAD = `# nginx
ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;
# Apache httpd
SSLCipherSuite ECDHE+AESGCM:ECDHE+CHACHA20
# HAProxy (global section)
ssl-default-bind-ciphers ECDHE+AESGCM:ECDHE+CHACHA20
# Envoy (tls_params)
cipher_suites: [ECDHE-ECDSA-AES128-GCM-SHA256, ECDHE-RSA-AES128-GCM-SHA256, ECDHE-ECDSA-CHACHA20-POLY1305, ECDHE-RSA-CHACHA20-POLY1305]
# Caddy (site block)
tls {
  ciphers TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
}
# Node
{ ciphers: "ECDHE+AESGCM:ECDHE+CHACHA20", honorCipherOrder: true }
# uvicorn (when it terminates TLS itself)
uvicorn app:app --ssl-keyfile key.pem --ssl-certfile cert.pem --ssl-ciphers "ECDHE+AESGCM:ECDHE+CHACHA20"
# PostgreSQL (postgresql.conf)
ssl_ciphers = 'ECDHE+AESGCM:ECDHE+CHACHA20'`;

const UPGRADE = `# Every terminator: upgrade the TLS library it links (OpenSSL, BoringSSL, the appliance firmware)
openssl version            # OpenSSL 1.0.1 and 1.0.2 are long out of support; use 3.x
nginx -V 2>&1 | grep -i openssl
httpd -V | grep -i openssl # Apache httpd
haproxy -vv | grep -i ssl
node -p process.versions.openssl`;

const PATCH = "Upgrade the TLS library and every terminator that links it (proxy, load balancer, appliance firmware), then restart them.";
const REAUDIT = "Re-run `rampart tls host:port` to confirm.";

export const TLS_VULNERABILITY_ADVICE: Record<VulnerabilityId, TlsVulnerabilityAdvice> = {
  heartbleed: {
    title: "Heartbleed (CVE-2014-0160)",
    severity: "critical",
    cwe: [125, 200],
    description:
      "The server answers a TLS heartbeat that claims more payload than it carries with the missing bytes taken from its own memory. Any client can read up to 64 KiB per request: private keys, session cookies, passwords and other users' requests. Rampart asks for 32 bytes only and discards them unread.",
    summary: "Upgrade OpenSSL (1.0.1g or later; today 3.x), restart, then replace the private key and revoke the certificate, and invalidate sessions and credentials.",
    steps: [PATCH, "Assume the private key leaked: issue a new key and certificate and revoke the old one.", "Invalidate sessions and rotate credentials that crossed the server.", REAUDIT],
    code: UPGRADE,
  },
  "ccs-injection": {
    title: "CCS injection (CVE-2014-0224)",
    severity: "high",
    cwe: [327],
    description:
      "The server accepts a ChangeCipherSpec before the key exchange and switches to keys derived from an empty master secret. A man in the middle can then decrypt and modify the traffic of clients that are also vulnerable.",
    summary: "Upgrade OpenSSL (0.9.8za / 1.0.0m / 1.0.1h or later; today 3.x) on every terminator.",
    steps: [PATCH, REAUDIT],
    code: UPGRADE,
  },
  ticketbleed: {
    title: "Ticketbleed (CVE-2016-9244)",
    severity: "high",
    cwe: [200],
    description:
      "Resuming with a session ticket and a short session ID, the server echoes a 32-byte session ID: the client's bytes plus uninitialised memory (F5 BIG-IP). Repeated, it leaks memory that may hold session keys.",
    summary: "Apply the F5 fix for K05121675 or disable session tickets on the virtual server's client SSL profile.",
    steps: ["Upgrade BIG-IP to a fixed release, or turn off Session Ticket in the client SSL profile until you can.", REAUDIT],
    code: `# F5 BIG-IP (tmsh), until upgraded
modify ltm profile client-ssl <profile> session-ticket disabled`,
  },
  robot: {
    title: "ROBOT: RSA padding oracle",
    severity: "high",
    cwe: [203, 327],
    description:
      "The server answers RSA ClientKeyExchange messages with different errors depending on whether their PKCS #1 v1.5 padding is valid — Bleichenbacher's oracle. An attacker can decrypt recorded sessions that used RSA key exchange and sign with the server's key.",
    summary: "Turn off RSA key exchange (keep ECDHE suites only) and patch the TLS stack or appliance.",
    steps: ["Remove every TLS_RSA_* suite; ECDHE suites are not affected.", "Apply the vendor fix (F5, Citrix, Cisco, Radware, old OpenSSL/Java/Go stacks…).", REAUDIT],
    code: AEAD,
  },
  "secure-renegotiation": {
    title: "Insecure renegotiation (no RFC 5746)",
    severity: "high",
    cwe: [300, 757],
    description:
      "The server does not support secure renegotiation (RFC 5746). Where it renegotiates at all, a man in the middle can splice its own request in front of a victim's authenticated session.",
    summary: "Upgrade the TLS stack so it implements RFC 5746, or disable renegotiation entirely.",
    steps: [PATCH, "Where renegotiation is not needed (it never is for an API), disable it.", REAUDIT],
    code: `${UPGRADE}
# Apache httpd: keep the default
SSLInsecureRenegotiation off`,
  },
  "client-renegotiation": {
    title: "Client-initiated renegotiation allowed",
    severity: "medium",
    cwe: [400],
    description:
      "The server lets a client renegotiate again and again on one connection. Each renegotiation costs the server far more CPU than the client, so a handful of clients can exhaust it.",
    summary: "Refuse client-initiated renegotiation (or rate-limit it to one or two per connection).",
    steps: [
      "nginx, HAProxy, Envoy and Caddy refuse client-initiated renegotiation on current releases: upgrade old ones.",
      "Apache httpd 2.4 on OpenSSL 1.1+ refuses it; keep `SSLInsecureRenegotiation off`.",
      "Node: `secureOptions: crypto.constants.SSL_OP_NO_RENEGOTIATION`, or keep the default `tls.CLIENT_RENEG_LIMIT` (3 per 10 minutes).",
      REAUDIT,
    ],
    code: `// Node (tls/https server options)
import { constants } from "node:crypto";
https.createServer({ ...tlsOptions, secureOptions: constants.SSL_OP_NO_RENEGOTIATION }, app);`,
  },
  crime: {
    title: "TLS compression enabled (CRIME)",
    severity: "medium",
    cwe: [200, 310],
    description:
      "The server compresses TLS records. An attacker who can make a client send chosen data beside a secret (a cookie, a token) learns the secret byte by byte from the sizes of the encrypted records.",
    summary: "Disable TLS-level compression.",
    steps: [
      "Upgrade the terminator: OpenSSL 1.1.0+ (and nginx ≥ 1.1.6, every current proxy) never compress TLS records.",
      "Apache httpd: `SSLCompression off` (the default since 2.4.4).",
      "PostgreSQL: SSL compression was removed in version 14; upgrade, and leave `sslcompression` unset in clients.",
      REAUDIT,
    ],
    code: `# Apache httpd
SSLCompression off`,
  },
  breach: {
    title: "HTTP compression over TLS (BREACH hint)",
    severity: "low",
    cwe: [200],
    description:
      "Responses are compressed with HTTP Content-Encoding over TLS. Where a compressed response both reflects attacker input and carries a secret (a CSRF token, a session value), the secret can be recovered from response sizes. Rampart tests GET / only, so this is a hint to check the responses that carry secrets.",
    summary: "Do not compress responses that carry secrets and reflect input, or mask those secrets per response.",
    steps: [
      "Turn compression off for the routes that return tokens or other secrets (compression for static assets is fine).",
      "Mask per-request secrets (e.g. XOR a CSRF token with a fresh random value for every response, as Django does).",
      "Add random-length padding or rate-limit the requests an attacker needs to repeat.",
    ],
    code: `# nginx: no gzip where secrets are returned
location /api/auth/ { gzip off; proxy_pass http://app; }
# Apache httpd
SetEnvIf Request_URI "^/api/auth/" no-gzip
# Express: skip compression for secret-bearing routes
app.use(compression({ filter: (req, res) => !req.path.startsWith("/api/auth/") && compression.filter(req, res) }));
# FastAPI/Starlette: mount GZipMiddleware only on routers that return no secrets`,
  },
  poodle: {
    title: "POODLE: SSLv3 with CBC suites (CVE-2014-3566)",
    severity: "info",
    scoredUnder: "encryption.tls-legacy-protocol",
    cwe: [327, 757],
    description:
      "The server speaks SSLv3 with CBC suites. SSLv3's padding is not covered by the MAC, so a man in the middle who can repeat requests decrypts a byte of the session (a cookie, a token) every 256 requests.",
    summary: "Disable SSLv3 (and TLS 1.0/1.1): offer TLS 1.2 and 1.3 only.",
    steps: ["Set the minimum protocol to TLS 1.2 on every terminator.", REAUDIT],
    code: PROTOCOLS,
  },
  "fallback-scsv": {
    title: "No TLS_FALLBACK_SCSV downgrade protection",
    severity: "low",
    cwe: [757],
    description:
      "The server accepts a hello marked as a fallback (RFC 7507) at a lower version than it supports. An attacker who breaks the first handshakes can walk clients that retry down to the weakest protocol both sides still speak.",
    summary: "Upgrade the TLS stack (OpenSSL 1.0.1j or later honours the SCSV), or offer only TLS 1.2 and 1.3 so there is nothing weak to fall back to.",
    steps: [PATCH, "Disable TLS 1.0 and 1.1.", REAUDIT],
    code: PROTOCOLS,
  },
  sweet32: {
    title: "SWEET32: 64-bit block ciphers (3DES)",
    severity: "info",
    scoredUnder: "encryption.tls-weak-cipher",
    cwe: [327],
    description:
      "The server accepts 64-bit block ciphers (3DES, DES, IDEA, RC2). After about 32 GB on one connection, blocks collide and an attacker recovers plaintext such as cookies from long-lived connections.",
    summary: "Remove 3DES and every other 64-bit block cipher; keep ECDHE with AES-GCM or ChaCha20.",
    steps: ["Replace the cipher list with an AEAD-only one.", REAUDIT],
    code: AEAD,
  },
  freak: {
    title: "FREAK: export-grade RSA (CVE-2015-0204)",
    severity: "info",
    scoredUnder: "encryption.tls-weak-cipher",
    cwe: [326, 327, 757],
    description:
      "The server accepts export-grade RSA suites (512-bit RSA key exchange). A man in the middle downgrades vulnerable clients to them, factors the 512-bit key in hours, and reads or changes the session.",
    summary: "Remove every EXPORT suite (and static RSA key exchange).",
    steps: ["Use an ECDHE/AEAD-only cipher list.", REAUDIT],
    code: AEAD,
  },
  drown: {
    title: "DROWN: SSLv2 enabled (CVE-2016-0800)",
    severity: "info",
    scoredUnder: "encryption.tls-legacy-protocol",
    cwe: [327],
    description:
      "The server speaks SSLv2. With an SSLv2 server that shares the certificate's RSA key — this one or any other (mail, FTP, an old appliance) — an attacker decrypts recorded modern TLS sessions.",
    summary: "Disable SSLv2 everywhere, on every server that uses this certificate's key.",
    steps: ["Disable SSLv2 (and SSLv3) on this endpoint.", "Find every other service using the same private key and disable SSLv2 there, or give it its own key.", REAUDIT],
    code: PROTOCOLS,
  },
  logjam: {
    title: "Logjam: export or sub-2048-bit Diffie-Hellman (CVE-2015-4000)",
    severity: "info",
    scoredUnder: "encryption.tls-weak-dh",
    cwe: [326, 757],
    description:
      "The server accepts export DHE suites or uses a finite-field Diffie-Hellman group under 2048 bits. Export groups are broken by precomputation in minutes and 1024-bit groups are within reach of well-funded attackers, who can then read the traffic. The score counts it once, under encryption.tls-weak-dh.",
    summary: "Remove export DHE suites and use DH groups of 2048 bits or more — or drop DHE in favour of ECDHE.",
    steps: ["Configure a 2048-bit or larger DH group (RFC 7919 ffdhe2048+), or remove DHE suites.", REAUDIT],
    code: `# nginx
ssl_dhparam /etc/nginx/ffdhe2048.pem;
# Apache httpd
SSLOpenSSLConfCmd DHParameters "/etc/ssl/ffdhe2048.pem"
# HAProxy (global)
ssl-dh-param-file /etc/haproxy/ffdhe2048.pem
# Envoy, Caddy: no finite-field DHE is offered (ECDHE only) — nothing to change
# Node
{ dhparam: readFileSync("ffdhe2048.pem") }   // or drop DHE from ciphers
# PostgreSQL (postgresql.conf)
ssl_dh_params_file = '/etc/postgresql/ffdhe2048.pem'`,
  },
  beast: {
    title: "BEAST: CBC suites with TLS 1.0",
    severity: "info",
    scoredUnder: "encryption.tls-legacy-protocol",
    cwe: [327],
    description:
      "The server offers CBC suites with TLS 1.0 (or SSLv3), whose predictable IVs let a man in the middle who runs script in the victim's browser recover secrets. Current clients split records to defend themselves; old ones do not.",
    summary: "Disable TLS 1.0 (and SSLv3); TLS 1.1+ CBC uses explicit IVs.",
    steps: ["Offer TLS 1.2 and 1.3 only.", REAUDIT],
    code: PROTOCOLS,
  },
  lucky13: {
    title: "Lucky Thirteen: CBC suites (timing)",
    severity: "info",
    cwe: [208, 327],
    description:
      "The server accepts CBC-mode suites, whose MAC-then-encrypt construction leaks timing unless the implementation is constant-time (current OpenSSL is). Informational: prefer AEAD suites, which have no such side channel.",
    summary: "Prefer AEAD suites (AES-GCM, ChaCha20-Poly1305) and drop CBC suites where clients allow it.",
    steps: ["Use an AEAD-only cipher list once your clients support TLS 1.2 AEAD suites (all current ones do)."],
    code: AEAD,
  },
  rc4: {
    title: "RC4 cipher suites accepted",
    severity: "info",
    scoredUnder: "encryption.tls-weak-cipher",
    cwe: [327],
    description:
      "The server accepts RC4, whose keystream biases let an attacker recover repeated plaintext (cookies, tokens) from many encryptions. RFC 7465 prohibits RC4 in TLS.",
    summary: "Remove every RC4 suite.",
    steps: ["Use an ECDHE/AEAD-only cipher list.", REAUDIT],
    code: AEAD,
  },
  "early-data": {
    title: "TLS 1.3 0-RTT early data accepted (replay)",
    severity: "medium",
    cwe: [294],
    description:
      "The server's TLS 1.3 session tickets allow 0-RTT early data. Early data can be replayed by anyone who recorded it: a replayed POST or payment request runs twice unless the application rejects replays.",
    summary: "Turn 0-RTT off, or accept early data only for idempotent requests and answer others with 425 Too Early.",
    steps: [
      "Disable early data at the terminator unless you need it.",
      "If you keep it, pass the early-data flag to the application (`Early-Data: 1`) and reject non-idempotent requests with 425.",
    ],
    code: `# nginx (the default is off)
ssl_early_data off;
# HAProxy: leave out allow-0rtt on bind lines
# Envoy, Caddy (TCP), Node: no 0-RTT on TLS 1.3 over TCP by default — keep it that way
# nginx, if you keep 0-RTT: let the app refuse replays
proxy_set_header Early-Data $ssl_early_data;`,
  },
};
