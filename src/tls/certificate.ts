// Certificate analysis over the DER chain a server presented: validity, hostname/SAN (IP SANs too),
// key type and size, signature algorithm, and a chain built to a trust anchor by signature checks
// (system store plus --ca), which also tells self-signed, unknown roots and missing intermediates.
import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import { WireError } from "./bytes.js";
import { readCertExtensions } from "./cert-extensions.js";
import { certificateSignatureAlgorithm } from "./der.js";
import { describeSignatureAlgorithm, WEAK_SIGNATURE_HASHES } from "./signature-algorithms.js";
import { createTrustStore, parsePemBundle, type TrustStore } from "./trust-store.js";
import type { CertificateAnalysis, CertInfo, CertKey, ChainFacts, KeyUsageFacts, TrustStatus } from "./types.js";

const DAY = 86_400_000;
const MAX_DEPTH = 10;

export interface AnalyzeOptions {
  hostname: string;
  store: TrustStore;
  now?: Date;
  source: CertificateAnalysis["source"];
}

/** Throws WireError when a presented certificate does not parse. */
export function analyzeCertificates(ders: readonly Buffer[], o: AnalyzeOptions): CertificateAnalysis {
  if (ders.length === 0) throw new WireError("the server presented no certificate");
  const presented = ders.map((der, i) => {
    try {
      return new X509Certificate(der);
    } catch (e) {
      throw new WireError(`certificate #${i + 1} does not parse (${e instanceof Error ? e.message : String(e)})`);
    }
  });
  const leaf = presented[0] as X509Certificate;
  const now = o.now ?? new Date();
  const chain = buildChain(presented, o.store);
  const infos = chain.path.map((c, i) => certInfo(c, chain.fromStore[i] ?? false));
  const leafInfo = infos[0] as CertInfo;
  const notBefore = Date.parse(leaf.validFrom);
  const notAfter = Date.parse(leaf.validTo);
  const root = chain.path.length > 1 && infos[infos.length - 1]?.selfSigned ? chain.path.length - 1 : -1;
  const ext = readCertExtensions(leaf.raw);
  const weakSignatures = infos
    .filter((c, i) => i !== root && c.signatureHash !== null && WEAK_SIGNATURE_HASHES.includes(c.signatureHash))
    .map((c) => ({ subject: c.subject, algorithm: c.signatureAlgorithm }));
  return {
    source: o.source,
    leaf: leafInfo,
    chain: infos,
    presentedCount: presented.length,
    subjectAltNames: subjectAltNames(leaf),
    hostname: { name: o.hostname, matches: hostnameMatches(leaf, o.hostname) },
    validity: {
      notBefore: new Date(notBefore).toISOString(),
      notAfter: new Date(notAfter).toISOString(),
      daysLeft: Math.trunc((notAfter - now.getTime()) / DAY) || 0,
      expired: now.getTime() > notAfter,
      notYetValid: now.getTime() < notBefore,
    },
    trust: chain.trust,
    incompleteChain: chain.missing.length > 0,
    missingIssuers: chain.missing,
    weakSignatures,
    weakKey: isWeakKey(leafInfo.key),
    revocation: { crl: ext.crlUrls, ocsp: ext.ocspUrls },
    mustStaple: ext.mustStaple,
    stapling: { checked: false, stapled: false, status: null, thisUpdate: null, nextUpdate: null },
    transparency: { embedded: ext.embeddedScts, tls: null },
    keyUsage: keyUsageFacts(ext, leafInfo.selfSigned),
    chainFacts: chainFacts(presented, chain.path),
  };
}

/** Whether the leaf may authenticate a TLS server at all (suite-specific needs are added by the audit). */
function keyUsageFacts(ext: ReturnType<typeof readCertExtensions>, selfSigned: boolean): KeyUsageFacts {
  const problems: string[] = [];
  const eku = ext.extendedKeyUsage;
  if (eku && !eku.includes("serverAuth") && !eku.includes("anyExtendedKeyUsage")) problems.push(`extended key usage (${eku.join(", ")}) does not include serverAuth`);
  const ku = ext.keyUsage;
  if (ku && !ku.some((u) => u === "digitalSignature" || u === "keyEncipherment" || u === "keyAgreement")) {
    problems.push(`key usage (${ku.join(", ") || "empty"}) allows neither digitalSignature nor keyEncipherment`);
  }
  // A self-signed certificate is its own CA; a CA certificate used as an issued server certificate is not.
  if (ext.ca && !selfSigned) problems.push("the server certificate is a CA certificate (basicConstraints CA:TRUE)");
  return { keyUsage: ku, extendedKeyUsage: eku, ca: ext.ca, problems };
}

/** Order and extras of what the server sent, against the path the chain was built along. */
function chainFacts(presented: readonly X509Certificate[], path: readonly X509Certificate[]): ChainFacts {
  const sentInPath = path.filter((c) => presented.includes(c));
  const ordered = sentInPath.every((c, i) => presented[i] === c);
  const extra = presented.filter((c) => !path.includes(c)).map((c) => oneLineName(c.subject));
  const rootSent = presented.length > 1 && presented.some((c, i) => i > 0 && c.issuer === c.subject && signedBy(c, c));
  return { ordered, extra, rootSent };
}

/**
 * Convenience for callers holding a chain from their own handshake (e.g. a database's STARTTLS):
 * PEM strings or DER buffers, leaf first; trust = system store plus the optional extra CA PEM.
 */
export function analyzeCertificateChain(
  chain: readonly (Buffer | string)[],
  o: { hostname: string; caPem?: string | null; now?: Date; source?: CertificateAnalysis["source"] },
): CertificateAnalysis {
  const ders = chain.map((c, i) => {
    if (Buffer.isBuffer(c)) return c;
    const parsed = parsePemBundle(c).certs[0];
    if (!parsed) throw new WireError(`certificate #${i + 1} does not parse (not a PEM certificate)`);
    return parsed.raw;
  });
  const extra = o.caPem ? parsePemBundle(o.caPem).certs : [];
  return analyzeCertificates(ders, { hostname: o.hostname, store: createTrustStore(extra), source: o.source ?? "handshake", ...(o.now ? { now: o.now } : {}) });
}

interface BuiltChain {
  path: X509Certificate[];
  fromStore: boolean[];
  missing: string[];
  trust: CertificateAnalysis["trust"];
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** The signature alone. checkIssued also wants the issuer to be allowed to sign certificates (key usage
 *  keyCertSign), which a self-signed leaf made without CA flags (`openssl ca -selfsign`) is not. */
function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function isSelfSigned(c: X509Certificate): boolean {
  return c.issuer === c.subject && signedBy(c, c);
}

function buildChain(presented: X509Certificate[], store: TrustStore): BuiltChain {
  const path = [presented[0] as X509Certificate];
  const fromStore = [false];
  const missing: string[] = [];
  const trust = (status: TrustStatus, anchor: X509Certificate | null, detail: string): BuiltChain => ({
    path, fromStore, missing, trust: { status, trusted: status === "trusted", anchor: anchor?.subject.replace(/\n/g, ", ") ?? null, detail },
  });
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const cur = path[path.length - 1] as X509Certificate;
    if (store.isAnchor(cur)) return trust("trusted", cur, "chain ends at a trusted certificate");
    if (isSelfSigned(cur)) {
      return path.length === 1
        ? trust("self-signed", null, "self-signed certificate, not in the trust store")
        : trust("untrusted-root", null, `chain ends at a root that is not trusted: ${oneLineName(cur.subject)}`);
    }
    const fromServer = presented.find((c) => !path.includes(c) && c.subject === cur.issuer && issuedBy(cur, c));
    if (fromServer) {
      path.push(fromServer);
      fromStore.push(false);
      continue;
    }
    const anchor = store.bySubject(cur.issuer).find((c) => issuedBy(cur, c));
    if (anchor) {
      path.push(anchor);
      fromStore.push(true);
      if (anchor.issuer === anchor.subject) return trust("trusted", anchor, `anchored at ${oneLineName(anchor.subject)}`);
      missing.push(oneLineName(anchor.subject));
      continue;
    }
    const candidates = [...presented.filter((c) => c !== cur && c.subject === cur.issuer), ...store.bySubject(cur.issuer)];
    const signer = candidates.find((c) => signedBy(cur, c));
    if (signer) {
      return trust("issuer-not-ca", null, `${oneLineName(cur.subject)} is signed by ${oneLineName(signer.subject)}, which may not issue certificates (no CA basic constraint or keyCertSign usage)`);
    }
    const named = candidates.length > 0 || presented.some((c) => c.subject === cur.issuer);
    if (named) return trust("bad-signature", null, `the signature of ${oneLineName(cur.subject)} does not verify with its issuer's key`);
    // Servers never need to send the root: an unknown issuer above an intermediate is an unknown root,
    // while an unknown issuer of the leaf itself is most likely an intermediate the server left out.
    if (path.length > 1) return trust("untrusted-root", null, `chain ends at ${oneLineName(cur.subject)}, issued by ${oneLineName(cur.issuer)}, which is not in the trust store`);
    missing.push(oneLineName(cur.issuer));
    return trust("incomplete", null, `issuer not sent by the server and not in the trust store: ${oneLineName(cur.issuer)}`);
  }
  return trust("untrusted-root", null, "chain longer than 10 certificates");
}

function oneLineName(name: string): string {
  return name.replace(/\n/g, ", ");
}

function certInfo(c: X509Certificate, fromStore: boolean): CertInfo {
  let sig = { name: "unknown", hash: null as string | null };
  try {
    sig = describeSignatureAlgorithm(certificateSignatureAlgorithm(c.raw));
  } catch {
    // X509Certificate parsed it; a signature algorithm we cannot read stays "unknown".
  }
  return {
    subject: oneLineName(c.subject),
    commonName: /(?:^|\n)CN=([^\n]*)/.exec(c.subject)?.[1] ?? null,
    issuer: oneLineName(c.issuer),
    serialNumber: c.serialNumber,
    notBefore: new Date(Date.parse(c.validFrom)).toISOString(),
    notAfter: new Date(Date.parse(c.validTo)).toISOString(),
    fingerprint256: c.fingerprint256,
    signatureAlgorithm: sig.name,
    signatureHash: sig.hash,
    key: keyOf(c),
    selfSigned: isSelfSigned(c),
    source: fromStore ? "trust-store" : "server",
  };
}

function keyOf(c: X509Certificate): CertKey {
  const k = c.publicKey;
  const type = k.asymmetricKeyType ?? "unknown";
  const d = k.asymmetricKeyDetails ?? {};
  if (type === "ec") {
    const curve = d.namedCurve ?? null;
    return { type, bits: Number(/(\d{3})/.exec(curve ?? "")?.[1] ?? 0), curve };
  }
  if (type === "ed25519") return { type, bits: 256, curve: "Ed25519" };
  if (type === "ed448") return { type, bits: 456, curve: "Ed448" };
  return { type, bits: d.modulusLength ?? 0, curve: null };
}

export function isWeakKey(key: CertKey): boolean {
  if (key.type === "rsa" || key.type === "rsa-pss" || key.type === "dsa" || key.type === "dh") return key.bits < 2048;
  if (key.type === "ec") return key.bits < 256;
  return false;
}

function subjectAltNames(c: X509Certificate): { dns: string[]; ip: string[] } {
  const dns: string[] = [];
  const ip: string[] = [];
  for (const part of (c.subjectAltName ?? "").split(/,\s*/)) {
    const [kind, ...rest] = part.split(":");
    const value = rest.join(":").replace(/^"|"$/g, "");
    if (kind === "DNS") dns.push(value);
    else if (kind === "IP Address") ip.push(value);
  }
  return { dns, ip };
}

function hostnameMatches(c: X509Certificate, name: string): boolean {
  try {
    return isIP(name) ? c.checkIP(name) !== undefined : c.checkHost(name) !== undefined;
  } catch {
    return false;
  }
}
