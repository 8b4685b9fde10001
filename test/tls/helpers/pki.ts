// Certificates generated at test time with @peculiar/x509: roots, intermediates and leaves with any
// validity window, key (RSA of any size, EC) and signature hash (SHA-256, SHA-1).
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
const subtle = webcrypto.subtle;
const DAY = 86_400_000;

export type KeySpec = { kind: "rsa"; bits: number } | { kind: "ec"; curve: "P-256" | "P-384" };
export type Hash = "SHA-256" | "SHA-384" | "SHA-1";

export interface Issued {
  certPem: string;
  keyPem: string;
  cert: x509.X509Certificate;
  key: KeySpec;
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

export interface CertOptions {
  cn: string;
  /** Signer; self-signed when absent. */
  issuer?: Issued;
  key?: KeySpec;
  hash?: Hash;
  dns?: string[];
  ip?: string[];
  ca?: boolean;
  /** Days relative to now (negative = past). */
  fromDays?: number;
  toDays?: number;
}

let serial = 1;

function algorithm(key: KeySpec, hash: Hash): webcrypto.RsaHashedKeyGenParams | webcrypto.EcKeyGenParams {
  return key.kind === "rsa"
    ? { name: "RSASSA-PKCS1-v1_5", modulusLength: key.bits, publicExponent: new Uint8Array([1, 0, 1]), hash }
    : ({ name: "ECDSA", namedCurve: key.curve, hash } as webcrypto.EcKeyGenParams);
}

function pem(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n");
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

/** RSA keys carry their hash in WebCrypto: re-import the signer's key for the hash wanted. */
async function signingKey(signer: Issued, hash: Hash): Promise<webcrypto.CryptoKey> {
  if (signer.key.kind === "ec") return signer.privateKey;
  const der = await subtle.exportKey("pkcs8", signer.privateKey);
  return subtle.importKey("pkcs8", der, { name: "RSASSA-PKCS1-v1_5", hash }, true, ["sign"]);
}

export async function issue(o: CertOptions): Promise<Issued> {
  const key = o.key ?? { kind: "ec", curve: "P-256" };
  const hash = o.hash ?? "SHA-256";
  const keys = (await subtle.generateKey(algorithm(key, hash), true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const self: Issued = { certPem: "", keyPem: "", cert: undefined as unknown as x509.X509Certificate, key, ...keys };
  const signer = o.issuer ?? self;
  const sans = [...(o.dns ?? []).map((value) => ({ type: "dns" as const, value })), ...(o.ip ?? []).map((value) => ({ type: "ip" as const, value }))];
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(o.ca ?? false, undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (o.issuer) extensions.push(await x509.AuthorityKeyIdentifierExtension.create(o.issuer.publicKey));
  if (o.ca) extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  else extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]));
  if (sans.length) extensions.push(new x509.SubjectAlternativeNameExtension(sans));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(4, "0"),
    subject: `CN=${o.cn}`,
    issuer: o.issuer ? o.issuer.cert.subject : `CN=${o.cn}`,
    notBefore: new Date(now + (o.fromDays ?? -1) * DAY),
    notAfter: new Date(now + (o.toDays ?? 90) * DAY),
    signingAlgorithm: signer.key.kind === "rsa" ? { name: "RSASSA-PKCS1-v1_5", hash } : { name: "ECDSA", hash },
    publicKey: keys.publicKey,
    signingKey: await signingKey(signer, hash),
    extensions,
  });
  return { ...self, cert, certPem: `${cert.toString("pem").trim()}\n`, keyPem: pem(await subtle.exportKey("pkcs8", keys.privateKey)) };
}

/** Root → intermediate → leaf for 127.0.0.1/localhost. */
export async function chain(leaf: Omit<CertOptions, "issuer"> = { cn: "localhost", dns: ["localhost"], ip: ["127.0.0.1"] }) {
  const root = await issue({ cn: "Rampart Test Root", ca: true, toDays: 3650 });
  const intermediate = await issue({ cn: "Rampart Test Intermediate", ca: true, issuer: root, toDays: 1825 });
  const end = await issue({ ...leaf, issuer: intermediate });
  return { root, intermediate, leaf: end };
}
