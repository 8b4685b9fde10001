// Shared pieces for the HTTP layer tests: raw TCP servers, a closed port, a self-signed certificate,
// a virtual clock and a default client configuration.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";
import type { HttpClientConfig } from "../../src/http/client.js";
import type { Clock } from "../../src/http/limits.js";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { closedPort, startRawServer as rawServer, type RawServer } from "../helpers/net.js";

/** A self-signed certificate for 127.0.0.1, generated now. */
export async function selfSignedCert(): Promise<{ cert: string; key: string }> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=127.0.0.1",
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    signingAlgorithm: alg,
    keys,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: "ip", value: "127.0.0.1" }])],
  });
  const der = await webcrypto.subtle.exportKey("pkcs8", keys.privateKey);
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n");
  return { cert: cert.toString("pem"), key: `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n` };
}

/** Virtual time: sleeping advances the clock at once, and every sleep is logged. */
export interface FakeClock extends Clock {
  sleeps: number[];
}

export function fakeClock(): FakeClock {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
  };
}

export function config(baseUrl: string, overrides: Partial<HttpClientConfig> = {}): HttpClientConfig {
  return {
    baseUrl,
    mode: "safe",
    identities: [],
    budget: 100,
    ratePerSecond: 1000,
    concurrency: 4,
    timeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    userAgent: "rampart/9.9.9",
    includeOperations: [],
    ...overrides,
  };
}
