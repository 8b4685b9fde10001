// ClientHello messages built byte by byte (RFC 5246 §7.4.1.2, RFC 8446 §4.1.2), so Rampart can offer
// protocol versions and suites that Node's own OpenSSL refuses to speak.
import { createECDH, generateKeyPairSync, randomBytes } from "node:crypto";
import { u16, u16List, u8, vec } from "./bytes.js";
import { SCSV } from "./cipher-suites.js";
import { EC_GROUPS, SIGNATURE_ALGORITHMS, TLS13_GROUPS } from "./groups.js";

export const EXT = {
  serverName: 0,
  statusRequest: 5,
  supportedGroups: 10,
  ecPointFormats: 11,
  signatureAlgorithms: 13,
  heartbeat: 15,
  signedCertificateTimestamp: 18,
  padding: 21,
  extendedMasterSecret: 23,
  sessionTicket: 35,
  supportedVersions: 43,
  pskKeyExchangeModes: 45,
  keyShare: 51,
  renegotiationInfo: 0xff01,
} as const;

export interface HelloOptions {
  /** 0x0300 (SSLv3) … 0x0304 (TLS 1.3). */
  version: number;
  suites: readonly number[];
  /** SNI host name; null for none (IP literals never go into SNI). */
  servername: string | null;
  /** supported_groups; defaults to every EC group (TLS ≤ 1.2) or every TLS 1.3 group. */
  groups?: readonly number[];
  /** TLS 1.3 key shares to include (groups we can generate a key for); default x25519 + secp256r1. */
  keyShares?: readonly number[];
  /** Session ID to offer (default empty; TLS 1.3 always sends 32 random bytes). */
  sessionId?: Buffer;
  /** Contents of the session_ticket extension (default empty: "I support tickets"). */
  sessionTicket?: Buffer;
  /** Compression methods, preference order (default [0], null only). */
  compression?: readonly number[];
  /** Extensions appended after the defaults: [type, data]. */
  extraExtensions?: readonly (readonly [number, Buffer])[];
  /** Append TLS_FALLBACK_SCSV (RFC 7507): this hello is a downgraded retry. */
  fallbackScsv?: boolean;
}

const HANDSHAKE = 22;
const CLIENT_HELLO = 1;

export function buildClientHello(o: HelloOptions): Buffer {
  const tls13 = o.version >= 0x0304;
  const legacyVersion = tls13 ? 0x0303 : o.version;
  // SSLv3 servers predate extensions and the SCSV is how they learn about secure renegotiation.
  const suites = tls13 ? [...o.suites] : [...o.suites, SCSV.renegotiationInfo];
  if (o.fallbackScsv) suites.push(SCSV.fallback);
  const extensions = o.version === 0x0300 ? null : helloExtensions(o, tls13);
  let body = Buffer.concat([
    u16(legacyVersion),
    random(32),
    vec(1, o.sessionId ?? (tls13 ? random(32) : Buffer.alloc(0))),
    vec(2, u16List(suites)),
    vec(1, Buffer.from(o.compression ?? [0])),
  ]);
  if (extensions) {
    // Pad hellos of 256–511 bytes to 512: some terminators hang on that size (RFC 7685 §1).
    const size = body.length + 2 + extensions.length + 4;
    let ext = extensions;
    if (size >= 256 && size < 512) ext = Buffer.concat([ext, extension(EXT.padding, Buffer.alloc(Math.max(1, 512 - size - 4)))]);
    body = Buffer.concat([body, vec(2, ext)]);
  }
  const handshake = Buffer.concat([u8(CLIENT_HELLO), vec(3, body)]);
  // Record-layer version 0x0301 for TLS: old servers reject higher record versions in the first flight.
  const recordVersion = o.version === 0x0300 ? 0x0300 : 0x0301;
  return Buffer.concat([u8(HANDSHAKE), u16(recordVersion), vec(2, handshake)]);
}

let pool = Buffer.alloc(0);
let poolPos = 0;

/** Hello randoms must not repeat, not stay secret: one 4 KiB draw serves a hundred hellos. */
function random(n: number): Buffer {
  if (poolPos + n > pool.length) {
    pool = randomBytes(4096);
    poolPos = 0;
  }
  poolPos += n;
  return pool.subarray(poolPos - n, poolPos);
}

function extension(type: number, data: Buffer): Buffer {
  return Buffer.concat([u16(type), vec(2, data)]);
}

function helloExtensions(o: HelloOptions, tls13: boolean): Buffer {
  const parts: Buffer[] = [];
  if (o.servername) {
    const name = Buffer.from(o.servername, "ascii");
    parts.push(extension(EXT.serverName, vec(2, u8(0), vec(2, name))));
  }
  const groups = o.groups ?? (tls13 ? TLS13_GROUPS : EC_GROUPS).map((g) => g.code);
  if (groups.length > 0) parts.push(extension(EXT.supportedGroups, vec(2, u16List(groups))));
  if (!tls13) parts.push(extension(EXT.ecPointFormats, vec(1, Buffer.from([0, 1, 2]))));
  if (o.version >= 0x0303) parts.push(extension(EXT.signatureAlgorithms, vec(2, u16List(SIGNATURE_ALGORITHMS))));
  parts.push(extension(EXT.extendedMasterSecret, Buffer.alloc(0)));
  parts.push(extension(EXT.sessionTicket, o.sessionTicket ?? Buffer.alloc(0)));
  if (tls13) {
    parts.push(extension(EXT.supportedVersions, vec(1, u16(0x0304))));
    parts.push(extension(EXT.pskKeyExchangeModes, vec(1, u8(1))));
    const shares = (o.keyShares ?? [29, 23]).filter((g) => groups.includes(g));
    const entries = shares.map((g) => Buffer.concat([u16(g), vec(2, keySharePublic(g))]));
    parts.push(extension(EXT.keyShare, vec(2, ...entries)));
  }
  for (const [type, data] of o.extraExtensions ?? []) parts.push(extension(type, data));
  return Buffer.concat(parts);
}

const publicKeys = new Map<number, Buffer>();

/** A real public key per group, made once per process (the handshake never gets far enough to use it). */
export function keySharePublic(group: number): Buffer {
  const cached = publicKeys.get(group);
  if (cached) return cached;
  let key: Buffer;
  if (group === 29 || group === 30) {
    const { publicKey } = group === 29 ? generateKeyPairSync("x25519") : generateKeyPairSync("x448");
    const jwk = publicKey.export({ format: "jwk" });
    key = Buffer.from(jwk.x ?? "", "base64url");
  } else {
    const curve = { 23: "prime256v1", 24: "secp384r1", 25: "secp521r1" }[group];
    if (!curve) throw new Error(`no key share generator for group ${group}`);
    const ecdh = createECDH(curve);
    key = ecdh.generateKeys();
  }
  publicKeys.set(group, key);
  return key;
}

/** Groups keySharePublic can produce. */
export const KEY_SHARE_GROUPS: readonly number[] = [29, 23, 24, 25, 30];
