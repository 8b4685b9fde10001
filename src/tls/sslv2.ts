// SSL 2.0: its cipher kinds (3-byte codes) and the CLIENT-HELLO / SERVER-HELLO messages. One hello
// offering every kind is enough: an SSLv2 server lists all kinds it shares with the client.
import { randomBytes } from "node:crypto";
import { Reader, WireError } from "./bytes.js";

export interface Sslv2Cipher {
  code: number;
  name: string;
  openssl: string;
  /** Bulk cipher in the TLS table's vocabulary (RC4, DES_CBC, 3DES_EDE_CBC …). */
  enc: string;
  bits: number;
  export: boolean;
}

type Row = readonly [code: number, name: string, openssl: string, enc: string, bits: number, exportGrade: boolean];

const ROWS: readonly Row[] = [
  [0x010080, "SSL_CK_RC4_128_WITH_MD5", "RC4-MD5", "RC4", 128, false],
  [0x020080, "SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5", "RC4", 40, true],
  [0x030080, "SSL_CK_RC2_128_CBC_WITH_MD5", "RC2-CBC-MD5", "RC2_CBC", 128, false],
  [0x040080, "SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "EXP-RC2-CBC-MD5", "RC2_CBC", 40, true],
  [0x050080, "SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA-CBC-MD5", "IDEA_CBC", 128, false],
  [0x060040, "SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5", "DES_CBC", 56, false],
  [0x0700c0, "SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5", "3DES_EDE_CBC", 112, false],
  [0x080080, "SSL_CK_RC4_64_WITH_MD5", "RC4-64-MD5", "RC4", 64, false],
  // Non-standard kinds some SSLv2 stacks shipped.
  [0x060140, "SSL_CK_DES_64_CBC_WITH_SHA", "DES-CBC-SHA", "DES_CBC", 56, false],
  [0x0701c0, "SSL_CK_DES_192_EDE3_CBC_WITH_SHA", "DES-CBC3-SHA", "3DES_EDE_CBC", 112, false],
  [0x000000, "SSL_CK_NULL_WITH_MD5", "NULL-MD5", "NULL", 0, true],
  [0xff8000, "SSL_CK_DES_64_CFB64_WITH_MD5_1", "DES-CFB-M1", "DES_CFB", 56, false],
  [0xff8010, "SSL_CK_NULL", "NULL", "NULL", 0, false],
];

export const SSLV2_CIPHERS: readonly Sslv2Cipher[] = ROWS.map(([code, name, openssl, enc, bits, exportGrade]) => ({
  code, name, openssl, enc, bits, export: exportGrade,
}));

export function sslv2CipherByCode(code: number): Sslv2Cipher {
  return (
    SSLV2_CIPHERS.find((c) => c.code === code) ?? {
      code, name: `SSL_CK_UNKNOWN_0x${code.toString(16).padStart(6, "0")}`, openssl: "", enc: "UNKNOWN", bits: 0, export: false,
    }
  );
}

export function buildSslv2ClientHello(): Buffer {
  const specs = Buffer.alloc(SSLV2_CIPHERS.length * 3);
  SSLV2_CIPHERS.forEach((c, i) => specs.writeUIntBE(c.code, i * 3, 3));
  const challenge = randomBytes(16);
  const head = Buffer.alloc(9);
  head.writeUInt8(1, 0); // CLIENT-HELLO
  head.writeUInt16BE(0x0002, 1);
  head.writeUInt16BE(specs.length, 3);
  head.writeUInt16BE(0, 5); // session id length
  head.writeUInt16BE(challenge.length, 7);
  const msg = Buffer.concat([head, specs, challenge]);
  const header = Buffer.from([0x80 | (msg.length >> 8), msg.length & 0xff]);
  return Buffer.concat([header, msg]);
}

export interface Sslv2ServerHello {
  version: number;
  ciphers: number[];
  certificate: Buffer | null;
}

/** Bytes needed before a full SSLv2 record is in `buf`, or 0 when it is complete. */
export function sslv2RecordNeed(buf: Buffer): number {
  if (buf.length < 2) return 2 - buf.length;
  const len = (((buf[0] as number) & 0x7f) << 8) | (buf[1] as number);
  return Math.max(0, 2 + len - buf.length);
}

/** Parses one SSLv2 record (2-byte header). Throws WireError when it is not an SSLv2 SERVER-HELLO. */
export function parseSslv2ServerHello(buf: Buffer): Sslv2ServerHello {
  const len = (((buf[0] as number) & 0x7f) << 8) | (buf[1] as number);
  const r = new Reader(buf.subarray(2, 2 + len), "SSLv2 SERVER-HELLO");
  const type = r.u8();
  if (type === 0) throw new WireError(`SSLv2 ERROR message (code ${r.remaining >= 2 ? r.u16() : "?"})`);
  if (type !== 4) throw new WireError(`unexpected SSLv2 message type ${type}`);
  r.u8(); // session id hit
  r.u8(); // certificate type
  const version = r.u16();
  const certLen = r.u16();
  const specsLen = r.u16();
  const connIdLen = r.u16();
  const cert = r.bytes(certLen);
  const specs = r.bytes(specsLen);
  r.bytes(connIdLen);
  if (version !== 0x0002) throw new WireError(`SSLv2 SERVER-HELLO with version 0x${version.toString(16)}`);
  if (specsLen % 3 !== 0) throw new WireError("SSLv2 cipher list length is not a multiple of 3");
  const ciphers: number[] = [];
  for (let i = 0; i < specs.length; i += 3) ciphers.push(specs.readUIntBE(i, 3));
  return { version, ciphers, certificate: cert.length > 0 ? Buffer.from(cert) : null };
}
