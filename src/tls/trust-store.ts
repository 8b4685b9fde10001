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

let systemAnchors: X509Certificate[] | null = null;

function loadSystemAnchors(): X509Certificate[] {
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
  systemAnchors = parsePemBundle(pems.join("\n")).certs;
  return systemAnchors;
}

export function createTrustStore(extra: readonly X509Certificate[] = [], includeSystem = true): TrustStore {
  const all = [...(includeSystem ? loadSystemAnchors() : []), ...extra];
  const subjects = new Map<string, X509Certificate[]>();
  const fingerprints = new Set<string>();
  for (const c of all) {
    if (fingerprints.has(c.fingerprint256)) continue;
    fingerprints.add(c.fingerprint256);
    const list = subjects.get(c.subject) ?? [];
    list.push(c);
    subjects.set(c.subject, list);
  }
  return {
    bySubject: (issuer) => subjects.get(issuer) ?? [],
    isAnchor: (cert) => fingerprints.has(cert.fingerprint256),
  };
}
