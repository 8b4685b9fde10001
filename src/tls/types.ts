// The TLS audit result: what a check, the CLI and the report read. Plain data, JSON-serialisable.
import type { Authentication, KeyExchange, Mac, Strength } from "./cipher-suites.js";
import type { GroupKind } from "./groups.js";
import type { ProtocolName } from "./versions.js";
import type { VulnerabilityResult } from "./vulns/catalog.js";

export type { ProtocolName } from "./versions.js";
export type { VulnerabilityId, VulnerabilityResult, VulnerabilityStatus } from "./vulns/catalog.js";

export interface ProtocolResult {
  name: ProtocolName;
  /** null when the probe failed (timeout, broken answer) and support is unknown. */
  supported: boolean | null;
  /** Why not (alert name, version the server chose instead …) or the failure. */
  note: string | null;
}

export type EphemeralKey = { kind: "ecdh"; group: string; bits: number } | { kind: "dh"; bits: number };

export interface AcceptedCipher {
  code: number;
  /** 0xC02F style. */
  hex: string;
  name: string;
  openssl: string | null;
  kx: KeyExchange;
  au: Authentication;
  enc: string;
  bits: number;
  mac: Mac;
  pfs: boolean;
  export: boolean;
  strength: Strength;
  /** The ephemeral key the server used with this suite, when the handshake showed it. */
  keyExchange: EphemeralKey | null;
}

export interface ProtocolCiphers {
  protocol: ProtocolName;
  /** server: the server picks by its own order (ciphers are listed in it); client: it follows ours. */
  preference: "server" | "client" | null;
  ciphers: AcceptedCipher[];
  /** False when a probe failed midway and the list may be short. */
  complete: boolean;
}

export interface GroupResult {
  code: number;
  name: string;
  kind: GroupKind;
  bits: number;
  protocols: ProtocolName[];
}

export interface CertKey {
  /** rsa, rsa-pss, ec, ed25519, ed448, dsa, dh … */
  type: string;
  bits: number;
  curve: string | null;
}

export interface CertInfo {
  subject: string;
  commonName: string | null;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprint256: string;
  signatureAlgorithm: string;
  /** Hash of the signature algorithm (sha1, md5, sha256 …), null when intrinsic (Ed25519). */
  signatureHash: string | null;
  key: CertKey;
  selfSigned: boolean;
  /** server: sent by the server; trust-store: found in the system store or --ca. */
  source: "server" | "trust-store";
}

/** issuer-not-ca: the signature verifies, but with a certificate that may not sign certificates. */
export type TrustStatus = "trusted" | "self-signed" | "untrusted-root" | "incomplete" | "bad-signature" | "issuer-not-ca";

export interface KeyUsageFacts {
  /** Key usage bits of the leaf (null: extension absent, any use allowed). */
  keyUsage: string[] | null;
  /** Extended key usage names or OIDs (null: absent). */
  extendedKeyUsage: string[] | null;
  /** basicConstraints CA:TRUE on the leaf. */
  ca: boolean;
  /** Why the leaf may not authenticate this TLS server; empty when it may. */
  problems: string[];
}

export interface ChainFacts {
  /** The certificates the chain uses come first and in issuing order (leaf, its issuer, …). */
  ordered: boolean;
  /** Subjects of certificates the server sent that the chain does not use. */
  extra: string[];
  /** The server also sent a self-signed root (harmless, wasted bytes). */
  rootSent: boolean;
}

export interface StaplingFacts {
  /** Whether a handshake that asked for a staple could be made. */
  checked: boolean;
  stapled: boolean;
  /** What the stapled OCSP response says about the leaf. */
  status: "good" | "revoked" | "unknown" | "unreadable" | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
}

export interface CertificateAnalysis {
  /** handshake: a full handshake through node:tls; probe: the TLS ≤ 1.2 Certificate message. */
  source: "handshake" | "probe";
  leaf: CertInfo;
  /** Leaf first, then the issuers as the chain was built (store certificates included, marked). */
  chain: CertInfo[];
  presentedCount: number;
  subjectAltNames: { dns: string[]; ip: string[] };
  hostname: { name: string; matches: boolean };
  validity: { notBefore: string; notAfter: string; daysLeft: number; expired: boolean; notYetValid: boolean };
  trust: { status: TrustStatus; trusted: boolean; anchor: string | null; detail: string };
  /** The server omitted intermediates (found in the store, or not found at all). */
  incompleteChain: boolean;
  missingIssuers: string[];
  /** Non-root certificates signed with SHA-1 or MD5. */
  weakSignatures: { subject: string; algorithm: string }[];
  weakKey: boolean;
  /** Where clients can check revocation (CRL distribution points, OCSP responders from AIA). */
  revocation: { crl: string[]; ocsp: string[] };
  /** The leaf carries the TLS Feature status_request (OCSP must-staple). */
  mustStaple: boolean;
  /** OCSP stapling as seen in the handshakes (filled by the audit; unchecked for a bare chain). */
  stapling: StaplingFacts;
  /** Signed certificate timestamps: embedded in the leaf, and from the TLS extension (null: not looked at). */
  transparency: { embedded: number; tls: number | null };
  keyUsage: KeyUsageFacts;
  chainFacts: ChainFacts;
}

/** T: certificate not trusted by browsers (SSL Labs' letter for trust problems). */
export type GradeLetter = "A+" | "A" | "A-" | "B" | "C" | "D" | "E" | "F" | "T";

export interface TlsGrade {
  /** null when nothing could be graded (no protocol negotiated). */
  letter: GradeLetter | null;
  /** The letter if certificate trust problems were ignored (SSL Labs shows it beside T). */
  letterIgnoringTrust: GradeLetter | null;
  score: number;
  protocolScore: number;
  keyExchangeScore: number;
  cipherScore: number;
  caps: { cap: GradeLetter; reason: string }[];
}

export interface TlsAudit {
  host: string;
  port: number;
  servername: string | null;
  startedAt: string;
  durationMs: number;
  /** Probe connections made (raw hellos plus the certificate handshake). */
  connections: number;
  /** False when the port could not be audited at all; `error` then says why in one line. */
  ok: boolean;
  error: string | null;
  protocols: ProtocolResult[];
  ciphers: ProtocolCiphers[];
  groups: GroupResult[];
  /** Smallest and largest DHE group seen (TLS ≤ 1.2 ServerKeyExchange). */
  dh: { minBits: number; maxBits: number } | null;
  secureRenegotiation: boolean | null;
  certificate: CertificateAnalysis | null;
  /** The named vulnerability tests (Heartbleed, ROBOT, POODLE …), in catalog order; empty when not run. */
  vulnerabilities: VulnerabilityResult[];
  grade: TlsGrade;
  /** Non-fatal problems (a probe that failed, a certificate that does not parse …). */
  errors: string[];
}
