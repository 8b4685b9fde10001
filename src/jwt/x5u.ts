// The `x5u` twin of the jku key: a self-signed X.509 certificate (PEM, as RFC 7515 asks of the x5u
// resource) for a fresh RSA key. The certificate library is loaded only when this probe runs.
import { createPrivateKey, webcrypto } from "node:crypto";
import { servedKeySigner, servedKid, type ServedKey } from "./keys.js";

const ALG = { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" } as const;

export async function x5uKey(): Promise<ServedKey> {
  await import("reflect-metadata");
  const x509 = await import("@peculiar/x509");
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const kid = servedKid();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${kid}`,
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 86_400_000),
    signingAlgorithm: ALG,
    keys,
  });
  const privateKey = createPrivateKey({ key: Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)), format: "der", type: "pkcs8" });
  return { header: "x5u", kid, document: cert.toString("pem"), contentType: "application/pem-certificate-chain", forge: servedKeySigner("x5u", kid, privateKey) };
}
