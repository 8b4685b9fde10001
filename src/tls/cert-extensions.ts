// The X.509 extensions the trust facts need and node:crypto does not expose: key usage bits, CRL
// distribution points, the TLS Feature (must-staple) and embedded SCTs. Read from the DER, tolerant:
// a malformed extension is treated as absent, never thrown.
import { WireError } from "./bytes.js";
import { children, oid, tlv, type Tlv } from "./der.js";

export const OID = {
  keyUsage: "2.5.29.15",
  extKeyUsage: "2.5.29.37",
  basicConstraints: "2.5.29.19",
  crlDistributionPoints: "2.5.29.31",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  tlsFeature: "1.3.6.1.5.5.7.1.24",
  embeddedScts: "1.3.6.1.4.1.11129.2.4.2",
  ocspMethod: "1.3.6.1.5.5.7.48.1",
} as const;

/** RFC 5280 §4.2.1.3 bit order. */
export const KEY_USAGE_BITS = [
  "digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly",
] as const;

export const EKU_NAMES: Readonly<Record<string, string>> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
  "2.5.29.37.0": "anyExtendedKeyUsage",
};

export interface CertExtensions {
  keyUsage: string[] | null;
  extendedKeyUsage: string[] | null;
  ca: boolean;
  crlUrls: string[];
  ocspUrls: string[];
  mustStaple: boolean;
  embeddedScts: number;
}

interface Extension {
  critical: boolean;
  value: Buffer;
}

function extensionsOf(der: Buffer): Map<string, Extension> {
  const out = new Map<string, Extension>();
  const tbs = children(der, tlv(der, 0))[0];
  if (!tbs) return out;
  const wrapper = children(der, tbs).find((t) => t.tag === 0xa3);
  const list = wrapper ? children(der, wrapper)[0] : undefined;
  if (!list) return out;
  for (const ext of children(der, list)) {
    const parts = children(der, ext);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (!id || !value || value.tag !== 0x04) continue;
    const critical = parts.length === 3 && der[(parts[1] as Tlv).start] === 0xff;
    out.set(oid(der, id), { critical, value: Buffer.from(der.subarray(value.start, value.end)) });
  }
  return out;
}

/** Every [6] uniformResourceIdentifier anywhere inside a GeneralNames-bearing value. */
function uris(buf: Buffer, from: Tlv, out: string[] = []): string[] {
  for (const t of children(buf, from)) {
    if (t.tag === 0x86) out.push(buf.subarray(t.start, t.end).toString("latin1"));
    else if (t.tag & 0x20) uris(buf, t, out);
  }
  return out;
}

function safe<T>(fallback: T, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof WireError || e instanceof RangeError) return fallback;
    throw e;
  }
}

export function readCertExtensions(der: Buffer): CertExtensions {
  const exts = safe(new Map<string, Extension>(), () => extensionsOf(der));
  const value = (id: string): Buffer | null => exts.get(id)?.value ?? null;
  const ku = value(OID.keyUsage);
  const eku = value(OID.extKeyUsage);
  const bc = value(OID.basicConstraints);
  const crl = value(OID.crlDistributionPoints);
  const aia = value(OID.authorityInfoAccess);
  const feature = value(OID.tlsFeature);
  const scts = value(OID.embeddedScts);
  return {
    keyUsage: ku ? safe(null, () => keyUsageNames(ku)) : null,
    extendedKeyUsage: eku ? safe(null, () => children(eku, tlv(eku, 0)).map((t) => EKU_NAMES[oid(eku, t)] ?? oid(eku, t))) : null,
    ca: bc ? safe(false, () => { const first = children(bc, tlv(bc, 0))[0]; return first?.tag === 0x01 && bc[first.start] === 0xff; }) : false,
    crlUrls: crl ? safe([], () => uris(crl, tlv(crl, 0))) : [],
    ocspUrls: aia ? safe([], () => ocspUrls(aia)) : [],
    mustStaple: feature ? safe(false, () => children(feature, tlv(feature, 0)).some((t) => t.tag === 0x02 && feature.readUIntBE(t.start, t.end - t.start) === 5)) : false,
    embeddedScts: scts ? safe(0, () => countScts(scts)) : 0,
  };
}

function keyUsageNames(v: Buffer): string[] {
  const bits = tlv(v, 0);
  if (bits.tag !== 0x03 || bits.end - bits.start < 1) return [];
  const bytes = v.subarray(bits.start + 1, bits.end);
  return KEY_USAGE_BITS.filter((_n, i) => ((bytes[i >> 3] ?? 0) >> (7 - (i & 7))) & 1);
}

function ocspUrls(v: Buffer): string[] {
  const out: string[] = [];
  for (const desc of children(v, tlv(v, 0))) {
    const [method, location] = children(v, desc);
    if (method && location && oid(v, method) === OID.ocspMethod && location.tag === 0x86) out.push(v.subarray(location.start, location.end).toString("latin1"));
  }
  return out;
}

/** Counts the entries of a SignedCertificateTimestampList (RFC 6962 §3.3), bare or wrapped in an OCTET STRING. */
export function countScts(v: Buffer): number {
  let list = v;
  if (v[0] === 0x04) {
    const inner = tlv(v, 0);
    list = v.subarray(inner.start, inner.end);
  }
  if (list.length < 2) return 0;
  const total = Math.min(list.readUInt16BE(0), list.length - 2);
  let n = 0;
  for (let pos = 2; pos + 2 <= total + 2; n++) pos += 2 + list.readUInt16BE(pos);
  return n;
}
