// The TLS grade: SSL Labs' rating method (SSL Server Rating Guide 2009 and its published updates)
// as tables. Score = 30% protocol support + 30% key exchange + 40% cipher strength, letter by band,
// then caps. Where Rampart deviates, docs/tls-grade.md says so and why.
import type { AcceptedCipher, CertificateAnalysis, GradeLetter, ProtocolCiphers, TlsGrade } from "./types.js";
import type { ProtocolName } from "./versions.js";
import type { VulnerabilityId, VulnerabilityResult } from "./vulns/catalog.js";

export const PROTOCOL_SCORES: Record<ProtocolName, number> = {
  SSLv2: 0, SSLv3: 80, "TLSv1.0": 90, "TLSv1.1": 95, "TLSv1.2": 100, "TLSv1.3": 100,
};

/** [RSA-equivalent bits below which, score]; first match wins. */
export const KEY_EXCHANGE_BANDS: readonly (readonly [number, number])[] = [
  [1, 0], // anonymous: no authenticated key exchange at all
  [512, 20], [1024, 40], [2048, 80], [4096, 90], [Infinity, 100],
];

/** [cipher bits below which, score]. */
export const CIPHER_BANDS: readonly (readonly [number, number])[] = [
  [1, 0], [128, 20], [256, 80], [Infinity, 100],
];

export const LETTER_BANDS: readonly (readonly [number, GradeLetter])[] = [
  [80, "A"], [65, "B"], [50, "C"], [35, "D"], [20, "E"], [0, "F"],
];

/** Worst first: a lower rank is a worse letter. */
const ORDER: readonly GradeLetter[] = ["T", "F", "E", "D", "C", "B", "A-", "A", "A+"];

export interface GradeInput {
  protocols: ProtocolName[];
  ciphers: ProtocolCiphers[];
  certificate: CertificateAnalysis | null;
  dhMinBits: number | null;
  secureRenegotiation: boolean | null;
  /** The named vulnerability tests; absent when they were not run. */
  vulnerabilities?: readonly VulnerabilityResult[];
}

interface Facts extends GradeInput {
  all: (AcceptedCipher & { protocol: ProtocolName })[];
  modern: (AcceptedCipher & { protocol: ProtocolName })[];
}

type Cap = readonly [cap: GradeLetter, reason: string, applies: (f: Facts) => boolean];

const is64BitBlock = (c: AcceptedCipher): boolean => /^(3DES|IDEA|DES|RC2|MAGMA)/.test(c.enc);
const vulnerable = (f: Facts, id: VulnerabilityId): boolean => !!f.vulnerabilities?.some((v) => v.id === id && v.status === "vulnerable");

/** The caps SSL Labs applies, in its own words where it has them; T = certificate not trusted. */
export const CAPS: readonly Cap[] = [
  ["F", "SSL 2.0 supported", (f) => f.protocols.includes("SSLv2")],
  ["F", "export cipher suites accepted", (f) => f.all.some((c) => c.export)],
  ["F", "anonymous (unauthenticated) cipher suites accepted", (f) => f.all.some((c) => c.au === "anon")],
  ["F", "NULL (unencrypted) cipher suites accepted", (f) => f.all.some((c) => c.enc === "NULL")],
  ["F", "certificate key under 1024 bits", (f) => !!f.certificate && isRsaLike(f.certificate) && f.certificate.leaf.key.bits < 1024],
  ["F", "MD5 certificate signature", (f) => !!f.certificate?.weakSignatures.some((w) => /md[245]/i.test(w.algorithm))],
  ["F", "DH parameters under 1024 bits (Logjam)", (f) => f.dhMinBits !== null && f.dhMinBits < 1024],
  ["F", "vulnerable to Heartbleed", (f) => vulnerable(f, "heartbleed")],
  ["F", "vulnerable to CCS injection (CVE-2014-0224)", (f) => vulnerable(f, "ccs-injection")],
  ["F", "vulnerable to Ticketbleed", (f) => vulnerable(f, "ticketbleed")],
  ["F", "vulnerable to ROBOT (RSA padding oracle)", (f) => vulnerable(f, "robot")],
  ["F", "insecure client-initiated renegotiation", (f) => vulnerable(f, "client-renegotiation") && vulnerable(f, "secure-renegotiation")],
  ["F", "only SSL 3.0 (or older) supported", (f) => f.protocols.length > 0 && f.protocols.every((p) => p === "SSLv3" || p === "SSLv2")],
  ["F", "certificate revoked (stapled OCSP response)", (f) => f.certificate?.stapling.status === "revoked"],
  ["C", "SSL 3.0 with CBC suites (POODLE)", (f) => f.all.some((c) => c.protocol === "SSLv3" && /CBC/.test(c.enc))],
  ["C", "TLS compression supported (CRIME)", (f) => vulnerable(f, "crime")],
  ["C", "RC4 used with TLS 1.1 or newer", (f) => f.modern.some((c) => c.enc === "RC4")],
  ["C", "64-bit block cipher (3DES) used with TLS 1.1 or newer", (f) => f.modern.some(is64BitBlock)],
  ["C", "TLS 1.2 not supported", (f) => f.protocols.length > 0 && !f.protocols.includes("TLSv1.2") && !f.protocols.includes("TLSv1.3")],
  ["B", "SSL 3.0 supported", (f) => f.protocols.includes("SSLv3")],
  ["B", "TLS 1.0 or TLS 1.1 supported", (f) => f.protocols.includes("TLSv1.0") || f.protocols.includes("TLSv1.1")],
  ["B", "RC4 supported (older protocols only)", (f) => f.all.some((c) => c.enc === "RC4")],
  ["B", "no forward secrecy", (f) => !f.all.some((c) => c.pfs && c.au !== "anon")],
  ["B", "no AEAD cipher suites", (f) => !f.all.some((c) => c.mac === "AEAD")],
  ["B", "certificate key under 2048 bits", (f) => !!f.certificate && isRsaLike(f.certificate) && f.certificate.leaf.key.bits < 2048],
  ["B", "DH parameters under 2048 bits", (f) => f.dhMinBits !== null && f.dhMinBits < 2048],
  ["B", "incomplete certificate chain", (f) => !!f.certificate?.incompleteChain],
  ["A-", "secure renegotiation not supported", (f) => f.secureRenegotiation === false],
  ["A-", "no TLS_FALLBACK_SCSV (downgrade protection)", (f) => vulnerable(f, "fallback-scsv")],
];

/** Certificate problems that make browsers refuse the site: SSL Labs shows T. */
export const TRUST_CAPS: readonly Cap[] = [
  ["T", "certificate not trusted", (f) => !!f.certificate && !f.certificate.trust.trusted && f.certificate.trust.status !== "incomplete"],
  ["T", "certificate expired", (f) => !!f.certificate?.validity.expired],
  ["T", "certificate not yet valid", (f) => !!f.certificate?.validity.notYetValid],
  ["T", "certificate does not match the host name", (f) => !!f.certificate && !f.certificate.hostname.matches],
  ["T", "SHA-1 certificate signature", (f) => !!f.certificate?.weakSignatures.some((w) => /sha-?1/i.test(w.algorithm))],
  ["T", "certificate not valid for TLS server authentication (key usage)", (f) => !!f.certificate?.keyUsage.problems.length],
];

function isRsaLike(c: CertificateAnalysis): boolean {
  return ["rsa", "rsa-pss", "dsa"].includes(c.leaf.key.type);
}

function band(value: number, bands: readonly (readonly [number, number])[]): number {
  for (const [below, score] of bands) if (value < below) return score;
  return 100;
}

function worse(a: GradeLetter, b: GradeLetter): GradeLetter {
  return ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b;
}

/** RSA-equivalent strength of the key exchange a suite performs. */
function keyExchangeBits(c: AcceptedCipher, certRsaEquivalent: number): number {
  if (c.au === "anon") return 0;
  if (c.export) return Math.min(512, certRsaEquivalent);
  if (c.keyExchange?.kind === "dh") return c.keyExchange.bits;
  if (c.keyExchange?.kind === "ecdh") return ecRsaEquivalent(c.keyExchange.bits);
  return certRsaEquivalent;
}

/** NIST SP 800-57: EC field size → comparable RSA modulus. */
function ecRsaEquivalent(bits: number): number {
  if (bits >= 512) return 15360;
  if (bits >= 384) return 7680;
  if (bits >= 256 || bits === 253) return 3072;
  if (bits >= 224) return 2048;
  return 1024;
}

export function gradeTls(input: GradeInput): TlsGrade {
  const all = input.ciphers.flatMap((p) => p.ciphers.map((c) => ({ ...c, protocol: p.protocol })));
  const f: Facts = { ...input, all, modern: all.filter((c) => c.protocol === "TLSv1.1" || c.protocol === "TLSv1.2" || c.protocol === "TLSv1.3") };
  const empty = { letter: null, letterIgnoringTrust: null, score: 0, protocolScore: 0, keyExchangeScore: 0, cipherScore: 0, caps: [] };
  if (input.protocols.length === 0) return empty;

  const protoScores = input.protocols.map((p) => PROTOCOL_SCORES[p]);
  const protocolScore = (Math.max(...protoScores) + Math.min(...protoScores)) / 2;
  const cert = input.certificate?.leaf.key;
  const certBits = !cert ? 2048 : cert.type === "ec" ? ecRsaEquivalent(cert.bits) : cert.type.startsWith("ed") ? 3072 : cert.bits;
  const kxBits = all.map((c) => keyExchangeBits(c, certBits));
  const keyExchangeScore = band(kxBits.length ? Math.min(...kxBits) : certBits, KEY_EXCHANGE_BANDS);
  const cipherScores = all.map((c) => band(c.bits, CIPHER_BANDS));
  const cipherScore = cipherScores.length ? (Math.max(...cipherScores) + Math.min(...cipherScores)) / 2 : 0;
  const score = Math.round(0.3 * protocolScore + 0.3 * keyExchangeScore + 0.4 * cipherScore);

  let letter = LETTER_BANDS.find(([min]) => score >= min)?.[1] ?? "F";
  const caps: TlsGrade["caps"] = [];
  for (const [cap, reason, applies] of CAPS) {
    if (!applies(f)) continue;
    caps.push({ cap, reason });
    letter = worse(letter, cap);
  }
  const letterIgnoringTrust = letter;
  for (const [cap, reason, applies] of TRUST_CAPS) {
    if (!applies(f)) continue;
    caps.push({ cap, reason });
    letter = worse(letter, cap);
  }
  return { letter, letterIgnoringTrust, score, protocolScore, keyExchangeScore, cipherScore, caps };
}
