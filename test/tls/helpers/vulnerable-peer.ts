// A scripted TLS ≤ 1.2 server for the vulnerability tests that OpenSSL can no longer be made to fail:
// it negotiates like a real server (version, first accepted suite in the client's order, RSA key
// exchange), sends ServerHello + Certificate + ServerHelloDone, and then answers heartbeats, early
// ChangeCipherSpecs and ClientKeyExchanges the way a vulnerable — or a patched — stack does. It never
// completes a handshake; the probes under test never need one.
import { constants, privateDecrypt } from "node:crypto";
import type net from "node:net";
import { certificateMessage, record, serverHelloDone, type Listener, startRaw } from "./servers.js";

export interface PeerBehaviour {
  /** Lowest and highest version spoken (0x0300 SSLv3 … 0x0303 TLS 1.2). */
  minVersion: number;
  maxVersion: number;
  /** Suites accepted, by IANA code (RSA key exchange only: no ServerKeyExchange is sent). */
  suites: readonly number[];
  certDer: Buffer;
  /** PEM private key of the certificate, for the ROBOT oracle. */
  keyPem?: string;
  /** Answer renegotiation_info (RFC 5746); default true. */
  secureRenegotiation?: boolean;
  /** Refuse a lower-version hello that carries TLS_FALLBACK_SCSV; default true. */
  honourFallbackScsv?: boolean;
  /** Choose DEFLATE when the client offers it (CRIME). */
  compression?: boolean;
  /** Offer the heartbeat extension: "leaks" answers the claimed length, "patched" drops bad requests. */
  heartbeat?: "leaks" | "patched";
  /** Accept a ChangeCipherSpec before the key exchange (CCS injection). */
  earlyCcs?: boolean;
  /** Answer ClientKeyExchanges with different alerts for good and bad PKCS #1 padding (ROBOT). */
  paddingOracle?: boolean;
  /** Echo a 16-byte session ID padded to 32 bytes when resuming with a ticket (Ticketbleed). */
  ticketbleed?: boolean;
  /** Send a DHE ServerKeyExchange with a prime of this many bits (list only DHE suites then). */
  dhBits?: number;
}

interface Hello {
  version: number;
  sessionId: Buffer;
  suites: number[];
  compression: number[];
  extensions: Map<number, Buffer>;
}

const HANDSHAKE = 22;
const CCS = 20;
const ALERT = 21;
const HEARTBEAT = 24;
const EXT_HEARTBEAT = 15;
const EXT_SESSION_TICKET = 35;
const EXT_RENEGOTIATION_INFO = 0xff01;
const FALLBACK_SCSV = 0x5600;
const DEFLATE = 1;

const u16 = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u24 = (n: number): Buffer => Buffer.from([n >> 16, (n >> 8) & 0xff, n & 0xff]);
const alertRecord = (version: number, description: number): Buffer => record(ALERT, version, Buffer.from([2, description]));

function parseHello(body: Buffer): Hello {
  const version = body.readUInt16BE(0);
  let pos = 34;
  const sidLen = body[pos] as number;
  const sessionId = body.subarray(pos + 1, pos + 1 + sidLen);
  pos += 1 + sidLen;
  const n = body.readUInt16BE(pos);
  const suites: number[] = [];
  for (let i = 0; i < n; i += 2) suites.push(body.readUInt16BE(pos + 2 + i));
  pos += 2 + n;
  const compression = [...body.subarray(pos + 1, pos + 1 + (body[pos] as number))];
  pos += 1 + (body[pos] as number);
  const extensions = new Map<number, Buffer>();
  if (pos + 2 <= body.length) {
    const end = pos + 2 + body.readUInt16BE(pos);
    pos += 2;
    while (pos + 4 <= end) {
      const len = body.readUInt16BE(pos + 2);
      extensions.set(body.readUInt16BE(pos), body.subarray(pos + 4, pos + 4 + len));
      pos += 4 + len;
    }
  }
  return { version, sessionId, suites, compression, extensions };
}

function serverHello(version: number, suite: number, sessionId: Buffer, compression: number, extensions: [number, Buffer][]): Buffer {
  const ext = Buffer.concat(extensions.map(([t, d]) => Buffer.concat([u16(t), u16(d.length), d])));
  const body = Buffer.concat([
    u16(version), Buffer.alloc(32, 7), Buffer.from([sessionId.length]), sessionId, u16(suite), Buffer.from([compression]),
    ...(version > 0x0300 && extensions.length ? [u16(ext.length), ext] : []),
  ]);
  return Buffer.concat([Buffer.from([2]), u24(body.length), body]);
}

/** Splits a byte stream into records; returns the records and the unconsumed rest. */
function records(buf: Buffer): { list: { type: number; body: Buffer }[]; rest: Buffer } {
  const list: { type: number; body: Buffer }[] = [];
  let pos = 0;
  while (pos + 5 <= buf.length) {
    const len = buf.readUInt16BE(pos + 3);
    if (pos + 5 + len > buf.length) break;
    list.push({ type: buf[pos] as number, body: buf.subarray(pos + 5, pos + 5 + len) });
    pos += 5 + len;
  }
  return { list, rest: buf.subarray(pos) };
}

export function startVulnerablePeer(b: PeerBehaviour): Promise<Listener> {
  return startRaw((socket) => converse(socket, b));
}

function converse(socket: net.Socket, b: PeerBehaviour): void {
  let buf: Buffer = Buffer.alloc(0);
  let version = 0;
  let keyExchanged = false;
  let ccsSeen = false;
  socket.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    const { list, rest } = records(buf);
    buf = rest;
    for (const r of list) {
      if (!version) {
        if (r.type !== HANDSHAKE || r.body[0] !== 1) return void socket.end(alertRecord(0x0301, 10));
        version = answerHello(socket, parseHello(r.body.subarray(4)), b);
        if (!version) return;
        continue;
      }
      if (r.type === HEARTBEAT) answerHeartbeat(socket, r.body, version, b);
      else if (r.type === CCS && !keyExchanged) {
        // A patched stack refuses a CCS before the key exchange; a vulnerable one switches keys and then
        // cannot decrypt what follows.
        if (!b.earlyCcs) return void socket.end(alertRecord(version, 10));
        if (ccsSeen) return void socket.end(alertRecord(version, 20));
        ccsSeen = true;
      } else if (r.type === HANDSHAKE && r.body[0] === 16) {
        keyExchanged = true;
        return void socket.end(alertRecord(version, clientKeyExchangeAlert(r.body, version, b)));
      }
    }
  });
}

/** Returns the negotiated version, or 0 after refusing the hello. */
function answerHello(socket: net.Socket, h: Hello, b: PeerBehaviour): number {
  const version = Math.min(h.version, b.maxVersion);
  if (version < b.minVersion) return void socket.end(alertRecord(b.minVersion, 70)), 0;
  if (h.suites.includes(FALLBACK_SCSV) && version < b.maxVersion && b.honourFallbackScsv !== false) return void socket.end(alertRecord(version, 86)), 0;
  const suite = h.suites.find((s) => b.suites.includes(s));
  if (suite === undefined) return void socket.end(alertRecord(version, 40)), 0;
  const extensions: [number, Buffer][] = [];
  const wantsReneg = h.extensions.has(EXT_RENEGOTIATION_INFO) || h.suites.includes(0x00ff);
  if (wantsReneg && b.secureRenegotiation !== false) extensions.push([EXT_RENEGOTIATION_INFO, Buffer.from([0])]);
  if (b.heartbeat && h.extensions.has(EXT_HEARTBEAT)) extensions.push([EXT_HEARTBEAT, Buffer.from([1])]);
  const compression = b.compression && h.compression.includes(DEFLATE) ? DEFLATE : 0;
  let sessionId: Buffer = Buffer.alloc(32, 9);
  if (h.extensions.get(EXT_SESSION_TICKET)?.length && h.sessionId.length > 0) {
    // Resumption with a ticket: RFC 5077 says echo the client's session ID as sent.
    sessionId = b.ticketbleed && h.sessionId.length < 32 ? Buffer.concat([h.sessionId, Buffer.alloc(32 - h.sessionId.length, 0xee)]) : h.sessionId;
  }
  const keyExchange = b.dhBits ? [dheServerKeyExchange(b.dhBits, version)] : [];
  const flight = Buffer.concat([serverHello(version, suite, sessionId, compression, extensions), certificateMessage([b.certDer]), ...keyExchange, serverHelloDone()]);
  socket.write(record(HANDSHAKE, version, flight));
  return version;
}

/** ServerKeyExchange for DHE: a `bits`-bit odd "prime" (only its size is read), g = 2, a public value,
 *  and a dummy signature (the probes never verify it). */
function dheServerKeyExchange(bits: number, version: number): Buffer {
  const vec2 = (d: Buffer): Buffer => Buffer.concat([u16(d.length), d]);
  const p = Buffer.alloc(Math.ceil(bits / 8), 0xc5);
  p[0] = 0x80 | (0xff >> (8 - (bits % 8 || 8))) & 0xff;
  p[p.length - 1] = (p[p.length - 1] as number) | 1;
  const ys = Buffer.alloc(p.length, 0x5a);
  const signature = Buffer.concat([...(version >= 0x0303 ? [Buffer.from([4, 1])] : []), vec2(Buffer.alloc(256, 1))]);
  const body = Buffer.concat([vec2(p), vec2(Buffer.from([2])), vec2(ys), signature]);
  return Buffer.concat([Buffer.from([12]), u24(body.length), body]);
}

function answerHeartbeat(socket: net.Socket, body: Buffer, version: number, b: PeerBehaviour): void {
  if (body[0] !== 1 || body.length < 3) return;
  const claimed = body.readUInt16BE(1);
  const fits = 3 + claimed + 16 <= body.length;
  if (b.heartbeat === "patched" && !fits) return; // RFC 6520: silently discard
  // The vulnerable answer copies `claimed` bytes whatever was sent: here a harmless fill pattern.
  const payload = fits ? body.subarray(3, 3 + claimed) : Buffer.concat([body.subarray(3), Buffer.alloc(Math.max(0, claimed - (body.length - 3)), 0xab)]).subarray(0, claimed);
  socket.write(record(HEARTBEAT, version, Buffer.concat([Buffer.from([2]), u16(claimed), payload, Buffer.alloc(16)])));
}

/** The alert a ClientKeyExchange earns: the same for all (patched) or by padding validity (oracle). */
function clientKeyExchangeAlert(body: Buffer, version: number, b: PeerBehaviour): number {
  if (!b.paddingOracle || !b.keyPem) return 20;
  const encrypted = version === 0x0300 ? body.subarray(4) : body.subarray(6);
  try {
    const plain = privateDecrypt({ key: b.keyPem, padding: constants.RSA_NO_PADDING }, encrypted);
    return plain[0] === 0 && plain[1] === 2 ? 20 : 51;
  } catch {
    return 51;
  }
}
