// Child process for bench/tls-compare.mjs: the weak and the strong local TLS servers, on 127.0.0.1,
// in their own process so the scanners being timed do not share an event loop with them.
// Usage: node bench/tls-servers.mjs <dir with cert.pem and key.pem>; prints {"weak":port,"strong":port}.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import tls from "node:tls";

const dir = process.argv[2];
const key = readFileSync(join(dir, "key.pem"));
const cert = readFileSync(join(dir, "cert.pem"));

export const CONFIGS = {
  // TLS 1.0–1.3, every suite this OpenSSL still has (NULL, anonymous, static RSA, CBC, CCM, ARIA, CAMELLIA).
  weak: { minVersion: "TLSv1", ciphers: "ALL:COMPLEMENTOFALL:@SECLEVEL=0", dhparam: "auto" },
  // TLS 1.2 + 1.3, ECDHE + AEAD only.
  strong: {
    minVersion: "TLSv1.2",
    ciphers: "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305",
  },
};

const ports = {};
for (const [name, options] of Object.entries(CONFIGS)) {
  const server = tls.createServer({ key, cert, ...options }, (s) => s.end());
  server.on("tlsClientError", () => undefined);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  ports[name] = server.address().port;
}
process.stdout.write(`${JSON.stringify(ports)}\n`);
// Stop with the parent.
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
