// Just enough DER to read what node:crypto's X509Certificate does not expose: the certificate's
// signature algorithm (and the hash inside RSASSA-PSS parameters).
import { WireError } from "./bytes.js";

export interface Tlv {
  tag: number;
  start: number;
  end: number;
}

export function tlv(buf: Buffer, offset: number): Tlv {
  if (offset + 2 > buf.length) throw new WireError("DER truncated");
  const tag = buf[offset] as number;
  let len = buf[offset + 1] as number;
  let start = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > buf.length) throw new WireError("DER length invalid");
    len = buf.readUIntBE(start, n);
    start += n;
  }
  if (start + len > buf.length) throw new WireError("DER truncated");
  return { tag, start, end: start + len };
}

export function children(buf: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end; ) {
    const t = tlv(buf, pos);
    out.push(t);
    pos = t.end;
  }
  return out;
}

export function oid(buf: Buffer, t: Tlv): string {
  if (t.tag !== 0x06) throw new WireError("DER: expected an OBJECT IDENTIFIER");
  const bytes = buf.subarray(t.start, t.end);
  if (bytes.length === 0) throw new WireError("DER: empty OBJECT IDENTIFIER");
  const first = bytes[0] as number;
  const parts = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let v = 0;
  for (const b of bytes.subarray(1)) {
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join(".");
}

export interface SignatureAlgorithmOid {
  oid: string;
  /** For RSASSA-PSS: the OID of the hash in its parameters (sha1 when absent, per RFC 4055). */
  pssHashOid: string | null;
}

/** Reads Certificate.signatureAlgorithm from a DER certificate. Throws WireError on malformed input. */
export function certificateSignatureAlgorithm(der: Buffer): SignatureAlgorithmOid {
  const cert = tlv(der, 0);
  const [, algId] = children(der, cert);
  if (!algId || algId.tag !== 0x30) throw new WireError("DER: certificate without signatureAlgorithm");
  const [algOid, params] = children(der, algId);
  if (!algOid) throw new WireError("DER: empty AlgorithmIdentifier");
  const id = oid(der, algOid);
  let pssHashOid: string | null = null;
  if (id === "1.2.840.113549.1.1.10") {
    pssHashOid = "1.3.14.3.2.26";
    const hashTagged = params && params.tag === 0x30 ? children(der, params).find((c) => c.tag === 0xa0) : undefined;
    if (hashTagged) {
      const [hashAlg] = children(der, hashTagged);
      const [hashOid] = hashAlg ? children(der, hashAlg) : [];
      if (hashOid) pssHashOid = oid(der, hashOid);
    }
  }
  return { oid: id, pssHashOid };
}
