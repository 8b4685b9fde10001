// Incremental parser of what a server sends after our ClientHello: TLS records (alerts, handshake
// messages reassembled across records: ServerHello / HelloRetryRequest, Certificate,
// ServerKeyExchange, ServerHelloDone) or an SSLv2 SERVER-HELLO. Anything else is classified
// (HTTP, plaintext, garbage, oversized) so the caller can say what the port speaks instead.
import { Reader, WireError } from "./bytes.js";
import { suiteByCode } from "./cipher-suites.js";
import { EXT } from "./client-hello.js";
import { parseSslv2ServerHello, sslv2RecordNeed, type Sslv2ServerHello } from "./sslv2.js";
import { alertName } from "./alerts.js";

export interface Alert {
  level: number;
  description: number;
  name: string;
}

export interface ServerHello {
  /** Negotiated version (supported_versions wins over the legacy field). */
  version: number;
  cipher: number;
  compression: number;
  helloRetry: boolean;
  /** HRR selected_group or the ServerHello key_share group (TLS 1.3). */
  group: number | null;
  secureRenegotiation: boolean;
  extensions: number[];
  sessionId: Buffer;
  /** signed_certificate_timestamp extension data (a SignedCertificateTimestampList), when sent. */
  sctList: Buffer | null;
}

export type KeyExchangeInfo = { kind: "ecdh"; group: number } | { kind: "dh"; bits: number; generator: number };

export interface ServerFlight {
  alert: Alert | null;
  warnings: Alert[];
  serverHello: ServerHello | null;
  /** DER certificates from a TLS ≤ 1.2 Certificate message, leaf first. */
  certificates: Buffer[];
  keyExchange: KeyExchangeInfo | null;
  /** OCSP response stapled in a CertificateStatus message (TLS ≤ 1.2), DER. */
  ocspResponse: Buffer | null;
  sslv2: Sslv2ServerHello | null;
}

/** "hello": stop at the ServerHello; "flight": read on to ServerHelloDone (certificate, key exchange). */
export type FlightEnd = "hello" | "flight";

const MAX_RECORD = 16384 + 2048;
const MAX_HANDSHAKE = 256 * 1024;
const HRR_RANDOM = Buffer.from("cf21ad74e59a6111be1d8c021e65b891c2a211167abb8c5e079e09e2c8a8339c", "hex");

export class FlightParser {
  readonly flight: ServerFlight = { alert: null, warnings: [], serverHello: null, certificates: [], keyExchange: null, ocspResponse: null, sslv2: null };
  complete = false;
  received = 0;
  private buf: Buffer = Buffer.alloc(0);
  private hs: Buffer = Buffer.alloc(0);

  constructor(private readonly end: FlightEnd) {}

  /** Feeds bytes; returns true once the answer is complete. Throws WireError on foreign or broken input. */
  push(chunk: Buffer): boolean {
    this.received += chunk.length;
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    while (!this.complete && this.buf.length > 0) if (!this.step()) break;
    return this.complete;
  }

  /** Why the answer is unfinished, for a connection that closed or timed out. */
  pending(): string | null {
    if (this.complete) return null;
    if (this.received === 0) return null;
    if (this.buf.length > 0) return `truncated record (${this.buf.length} bytes of an incomplete record)`;
    if (this.hs.length > 0) return `truncated handshake message (${this.hs.length} bytes buffered)`;
    return "incomplete handshake flight";
  }

  private step(): boolean {
    const b0 = this.buf[0] as number;
    if (this.received === this.buf.length && this.flight.serverHello === null && b0 & 0x80) return this.sslv2();
    if (this.buf.length < 5) {
      this.classifyPrefix();
      return false;
    }
    const type = b0;
    const major = this.buf[1] as number;
    const length = this.buf.readUInt16BE(3);
    if (type < 20 || type > 23 || major !== 3) this.foreign();
    if (length > MAX_RECORD) throw new WireError(`oversized TLS record (${length} bytes, limit ${MAX_RECORD})`, "oversized");
    if (this.buf.length < 5 + length) return false;
    const fragment = this.buf.subarray(5, 5 + length);
    this.buf = this.buf.subarray(5 + length);
    this.record(type, fragment);
    return true;
  }

  private classifyPrefix(): void {
    const b0 = this.buf[0] as number;
    if (b0 >= 20 && b0 <= 23) {
      if (this.buf.length >= 2 && this.buf[1] !== 3) this.foreign();
      return;
    }
    if (this.buf.length >= 5 || !"HTTP/".startsWith(this.buf.toString("latin1"))) this.foreign();
  }

  private foreign(): never {
    const head = this.buf.subarray(0, 16);
    const text = head.toString("latin1");
    if (text.startsWith("HTTP/")) throw new WireError(`answers HTTP, not TLS ("${firstLine(this.buf)}")`, "http");
    if (/^[\x20-\x7e\r\n\t]{4,}/.test(text)) throw new WireError(`answers plaintext, not TLS ("${firstLine(this.buf)}")`, "text");
    throw new WireError(`not a TLS answer (first bytes ${head.toString("hex")})`, "garbage");
  }

  private sslv2(): boolean {
    const need = sslv2RecordNeed(this.buf);
    if (this.buf.length >= 2 && (((this.buf[0] as number) & 0x7f) << 8 | (this.buf[1] as number)) > MAX_RECORD)
      throw new WireError("not a TLS answer (oversized SSLv2-style header)", "garbage");
    if (need > 0) return false;
    try {
      this.flight.sslv2 = parseSslv2ServerHello(this.buf);
    } catch (e) {
      if (e instanceof WireError) throw new WireError(`not a TLS answer (${e.message})`, "garbage");
      throw e;
    }
    this.complete = true;
    return false;
  }

  private record(type: number, fragment: Buffer): void {
    if (type === 21) return this.alert(fragment);
    if (type === 20) return; // ChangeCipherSpec (TLS 1.3 middlebox compatibility)
    if (type === 23) {
      if (!this.flight.serverHello) throw new WireError("application data before ServerHello");
      this.complete = true;
      return;
    }
    this.hs = this.hs.length ? Buffer.concat([this.hs, fragment]) : Buffer.from(fragment);
    while (!this.complete && this.hs.length >= 4) {
      const msgLen = this.hs.readUIntBE(1, 3);
      if (msgLen > MAX_HANDSHAKE) throw new WireError(`oversized handshake message (${msgLen} bytes)`, "oversized");
      if (this.hs.length < 4 + msgLen) return;
      const msgType = this.hs[0] as number;
      const body = this.hs.subarray(4, 4 + msgLen);
      this.hs = this.hs.subarray(4 + msgLen);
      this.handshake(msgType, body);
    }
  }

  private alert(fragment: Buffer): void {
    if (fragment.length < 2) throw new WireError("truncated alert");
    const a: Alert = { level: fragment[0] as number, description: fragment[1] as number, name: alertName(fragment[1] as number) };
    // A warning (e.g. unrecognized_name) may precede the ServerHello; only fatal alerts end the answer.
    if (a.level === 1 && a.description !== 0) {
      this.flight.warnings.push(a);
      return;
    }
    this.flight.alert = a;
    this.complete = true;
  }

  private handshake(type: number, body: Buffer): void {
    const sh = this.flight.serverHello;
    if (!sh) {
      if (type === 0) return; // HelloRequest
      if (type !== 2) throw new WireError(`handshake message type ${type} before ServerHello`);
      const hello = parseServerHello(body);
      this.flight.serverHello = hello;
      if (this.end === "hello" || hello.helloRetry || hello.version >= 0x0304) this.complete = true;
      return;
    }
    if (type === 11) this.flight.certificates = parseCertificateList(body);
    else if (type === 12) this.flight.keyExchange = parseServerKeyExchange(body, sh.cipher);
    else if (type === 22) this.flight.ocspResponse = parseCertificateStatus(body);
    else if (type === 14) this.complete = true;
  }
}

function firstLine(buf: Buffer): string {
  return buf.subarray(0, 80).toString("latin1").split(/\r?\n/)[0]?.replace(/[^\x20-\x7e]/g, "?") ?? "";
}

export function parseServerHello(body: Buffer): ServerHello {
  const r = new Reader(body, "ServerHello");
  const legacyVersion = r.u16();
  const random = r.bytes(32);
  const sessionId = Buffer.from(r.vec(1));
  const cipher = r.u16();
  const compression = r.u8();
  const hello: ServerHello = {
    version: legacyVersion, cipher, compression, helloRetry: random.equals(HRR_RANDOM), group: null,
    secureRenegotiation: false, extensions: [], sessionId, sctList: null,
  };
  if (r.remaining < 2) return hello;
  const exts = new Reader(r.vec(2), "ServerHello extensions");
  while (exts.remaining > 0) {
    const type = exts.u16();
    const data = new Reader(exts.vec(2), `extension ${type}`);
    hello.extensions.push(type);
    if (type === EXT.supportedVersions) hello.version = data.u16();
    else if (type === EXT.keyShare) hello.group = data.u16();
    else if (type === EXT.renegotiationInfo) hello.secureRenegotiation = true;
    else if (type === EXT.signedCertificateTimestamp) hello.sctList = Buffer.from(data.rest());
  }
  return hello;
}

function parseCertificateList(body: Buffer): Buffer[] {
  const list = new Reader(new Reader(body, "Certificate").vec(3), "certificate list");
  const out: Buffer[] = [];
  while (list.remaining > 0) out.push(Buffer.from(list.vec(3)));
  return out;
}

/** CertificateStatus (RFC 6066 §8): status_type 1 = ocsp, then the DER OCSPResponse. */
function parseCertificateStatus(body: Buffer): Buffer | null {
  const r = new Reader(body, "CertificateStatus");
  if (r.u8() !== 1) return null;
  return Buffer.from(r.vec(3));
}

function parseServerKeyExchange(body: Buffer, cipher: number): KeyExchangeInfo | null {
  const kx = suiteByCode(cipher)?.kx;
  const r = new Reader(body, "ServerKeyExchange");
  if (kx === "DHE_PSK" || kx === "ECDHE_PSK") r.vec(2); // psk identity hint
  if (kx === "ECDHE" || kx === "ECDHE_PSK") {
    const curveType = r.u8();
    if (curveType !== 3) return null; // explicit curves: no named group to report
    return { kind: "ecdh", group: r.u16() };
  }
  if (kx === "DHE" || kx === "DHE_PSK") {
    const p = r.vec(2);
    const g = r.vec(2);
    return { kind: "dh", bits: bitLength(p), generator: g.length > 0 && g.length <= 4 ? g.readUIntBE(0, g.length) : 0 };
  }
  return null;
}

function bitLength(n: Buffer): number {
  let i = 0;
  while (i < n.length && n[i] === 0) i++;
  if (i === n.length) return 0;
  return (n.length - i - 1) * 8 + (32 - Math.clz32(n[i] as number));
}
