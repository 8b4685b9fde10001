// Webhook signatures: `Rampart-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. During a
// secret rotation a delivery carries one v1= per live secret, so a receiver holding either one accepts it.
// The timestamp is inside the signed text: a captured delivery cannot be replayed after the tolerance.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Rampart-Signature";
export const EVENT_HEADER = "Rampart-Event";
export const DELIVERY_HEADER = "Rampart-Delivery";
/** Receivers reject signatures older (or further in the future) than this. */
export const DEFAULT_TOLERANCE_SECONDS = 300;
const SECRET_PREFIX = "whsec_";

/** A new endpoint secret: 32 random bytes, prefixed so it is recognisable in a config file or a leak scan. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString("base64url");
}

export function hmacHex(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex");
}

/** The header value for a body signed at `timestamp` under every given secret (newest first). */
export function signatureHeader(secrets: readonly string[], timestamp: number, body: string | Buffer): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${hmacHex(s, timestamp, body)}`)].join(",");
}

export interface ParsedSignature {
  timestamp: number;
  signatures: string[];
}

/** Parses `t=…,v1=…[,v1=…]`; unknown schemes (v0=, v2=) are skipped so new ones can be added later. */
export function parseSignatureHeader(header: string): ParsedSignature | null {
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return timestamp === null || signatures.length === 0 ? null : { timestamp, signatures };
}

export type VerifyResult =
  | { ok: true; timestamp: number; ageSeconds: number }
  | { ok: false; reason: "malformed" | "expired" | "future" | "mismatch"; message: string };

export interface VerifyOptions {
  toleranceSeconds?: number;
  /** Unix seconds (tests). */
  now?: number;
}

/** Checks a received delivery: header shape, age, then a constant-time compare against every v1 value. */
export function verifySignature(secret: string, header: string, body: string | Buffer, opts: VerifyOptions = {}): VerifyResult {
  const parsed = parseSignatureHeader(header);
  if (!parsed) return { ok: false, reason: "malformed", message: "the signature header is not t=<seconds>,v1=<64 hex digits>" };
  const tolerance = opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const age = now - parsed.timestamp;
  if (age > tolerance) return { ok: false, reason: "expired", message: `the signature is ${age}s old; older than ${tolerance}s is refused (replay)` };
  if (age < -tolerance) return { ok: false, reason: "future", message: `the signature is dated ${-age}s in the future; check the clocks` };
  const expected = Buffer.from(hmacHex(secret, parsed.timestamp, body), "hex");
  const match = parsed.signatures.some((s) => timingSafeEqual(Buffer.from(s, "hex"), expected));
  if (!match) return { ok: false, reason: "mismatch", message: "no v1 signature matches this secret and body (wrong secret, or the body was changed)" };
  return { ok: true, timestamp: parsed.timestamp, ageSeconds: age };
}
