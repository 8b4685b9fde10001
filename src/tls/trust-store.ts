// Trust anchors: Node's bundled Mozilla roots plus the operating system's CA bundle (read once per
// process), plus the user's --ca PEM per audit.
import { X509Certificate } from "node:crypto";
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

let systemIndex: Index | null = null;

/** Parsed and indexed once per process: a few hundred certificates. */
function system(): Index {
  if (systemIndex) return systemIndex;
  const pems = [...rootCertificates];
  for (const file of SYSTEM_BUNDLES) {
    try {
      pems.push(readFileSync(file, "utf8"));
      break;
    } catch {
      // not on this system
    }
  }
  systemIndex = index(parsePemBundle(pems.join("\n")).certs);
  return systemIndex;
}

export function createTrustStore(extra: readonly X509Certificate[] = [], includeSystem = true): TrustStore {
  const base = includeSystem ? system() : { subjects: new Map<string, X509Certificate[]>(), fingerprints: new Set<string>() };
  const own = index(extra.filter((c) => !base.fingerprints.has(c.fingerprint256)));
  return {
    bySubject: (issuer) => [...(base.subjects.get(issuer) ?? []), ...(own.subjects.get(issuer) ?? [])],
    isAnchor: (cert) => {
      const fp = cert.fingerprint256;
      return base.fingerprints.has(fp) || own.fingerprints.has(fp);
    },
  };
}
