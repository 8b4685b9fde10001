// Trust anchors: Node's bundled Mozilla roots plus the operating system's CA bundle (read once per
// process), plus the user's --ca PEM per audit.
import { createHash, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

const SYSTEM_BUNDLES = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"];
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface PemBundle {
  certs: X509Certificate[];
  /** Blocks that looked like certificates but did not parse. */
  invalid: number;
}

export function parsePemBundle(pem: string): PemBundle {
  const certs: X509Certificate[] = [];
  let invalid = 0;
  for (const block of pem.match(PEM_BLOCK) ?? []) {
    try {
      certs.push(new X509Certificate(block));
    } catch {
      invalid++;
    }
  }
  return { certs, invalid };
}

export interface TrustStore {
  /** Anchors whose subject equals `issuer`. */
  bySubject(issuer: string): readonly X509Certificate[];
  isAnchor(cert: X509Certificate): boolean;
}

interface Index {
  subjects: Map<string, X509Certificate[]>;
  fingerprints: Set<string>;
}

function index(certs: readonly X509Certificate[], into: Index = { subjects: new Map(), fingerprints: new Set() }): Index {
  for (const c of certs) {
    const fp = c.fingerprint256;
    if (into.fingerprints.has(fp)) continue;
    into.fingerprints.add(fp);
    const subject = c.subject;
    into.subjects.set(subject, [...(into.subjects.get(subject) ?? []), c]);
  }
  return into;
}

/** The system anchors: fingerprints at once (a hash of each DER), subjects only when first asked for. */
interface SystemAnchors {
  fingerprints: Set<string>;
  subjects(): Map<string, X509Certificate[]>;
}

let systemAnchors: SystemAnchors | null = null;

/** `AB:CD:…`, as X509Certificate.fingerprint256 spells it. */
function fingerprintOf(der: Buffer): string {
  return (createHash("sha256").update(der).digest("hex").toUpperCase().match(/../g) ?? []).join(":");
}

/**
 * Read once per process. Parsing a few hundred certificates costs a noticeable part of a `rampart tls`
 * run, so it waits until a chain needs an anchor by subject; a self-signed or directly trusted
 * certificate is judged by fingerprint alone.
 */
function system(): SystemAnchors {
  if (systemAnchors) return systemAnchors;
  const pems = [...rootCertificates];
  for (const file of SYSTEM_BUNDLES) {
    try {
      pems.push(readFileSync(file, "utf8"));
      break;
    } catch {
      // not on this system
    }
  }
  // The system bundle mostly repeats Node's roots: each certificate once, recognised by its base64 body.
  const bodies = new Map<string, string>();
  for (const block of pems.join("\n").match(PEM_BLOCK) ?? []) bodies.set(block.replace(/-----[A-Z ]+-----|\s+/g, ""), block);
  const fingerprints = new Set([...bodies.keys()].map((b64) => fingerprintOf(Buffer.from(b64, "base64"))));
  let subjects: Map<string, X509Certificate[]> | null = null;
  systemAnchors = { fingerprints, subjects: () => (subjects ??= index(parsePemBundle([...bodies.values()].join("\n")).certs).subjects) };
  return systemAnchors;
}

export function createTrustStore(extra: readonly X509Certificate[] = [], includeSystem = true): TrustStore {
  const none = new Map<string, X509Certificate[]>();
  const base: SystemAnchors = includeSystem ? system() : { fingerprints: new Set<string>(), subjects: () => none };
  const own = index(extra.filter((c) => !base.fingerprints.has(c.fingerprint256)));
  return {
    bySubject: (issuer) => [...(base.subjects().get(issuer) ?? []), ...(own.subjects.get(issuer) ?? [])],
    isAnchor: (cert) => {
      const fp = cert.fingerprint256;
      return base.fingerprints.has(fp) || own.fingerprints.has(fp);
    },
  };
}
