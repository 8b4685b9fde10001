// Child process for bench/tls-vulns.mjs: local TLS servers showing what this machine's OpenSSL can still
// produce, on 127.0.0.1, in their own process so the tools being timed do not share an event loop with them.
//   legacy   — TLS 1.0–1.3, every suite (NULL, anonymous, static RSA, CBC, 3DES where present), DHE-1024,
//              client-initiated renegotiation allowed, no stapling, gzip-compressed HTTP answers (BREACH)
//   hardened — TLS 1.2/1.3, ECDHE + AEAD only, renegotiation off, uncompressed HTTP answers
// Usage: node bench/tls-vuln-servers.mjs <dir with cert.pem, key.pem, dh1024.pem>; prints {"legacy":port,…}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { constants } from "node:crypto";
import tls from "node:tls";
import { gzipSync } from "node:zlib";

const dir = process.argv[2];
const key = readFileSync(join(dir, "key.pem"));
const cert = readFileSync(join(dir, "cert.pem"));
const page = "<html><body><form><input type=hidden name=csrf value=8f14e45fceea167a5a36dedd4bea2543></form></body></html>";

function httpAnswer(compress) {
  const body = compress ? gzipSync(page) : Buffer.from(page);
  const head = `HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n${compress ? "content-encoding: gzip\r\nvary: accept-encoding\r\n" : ""}content-length: ${body.length}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head), body]);
}

const CONFIGS = {
  legacy: {
    options: { minVersion: "TLSv1", ciphers: "ALL:COMPLEMENTOFALL:@SECLEVEL=0", dhparam: readFileSync(join(dir, "dh1024.pem")) },
    compress: true,
  },
  hardened: {
    options: {
      minVersion: "TLSv1.2",
      ciphers: "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305",
      secureOptions: constants.SSL_OP_NO_RENEGOTIATION,
    },
    compress: false,
  },
};

// Node limits client renegotiation to 3 per 10 minutes; the legacy server should simply allow it.
tls.CLIENT_RENEG_LIMIT = 1000;
const ports = {};
for (const [name, { options, compress }] of Object.entries(CONFIGS)) {
  // Keeps connections open and answers every request, like a real HTTPS server (renegotiation needs that).
  const server = tls.createServer({ key, cert, ...options }, (s) => {
    s.on("data", (d) => {
      if (/^[A-Z]+ \S+ HTTP\/1\.[01]/.test(String(d))) s.write(httpAnswer(compress && /accept-encoding:[^\r\n]*gzip/i.test(String(d))));
    });
    s.on("error", () => undefined);
    s.setTimeout(10_000, () => s.destroy());
  });
  server.on("tlsClientError", () => undefined);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  ports[name] = server.address().port;
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
