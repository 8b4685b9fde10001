// Verdicts that follow from what the enumeration already saw (protocols, suites, DH groups, the
// renegotiation_info answer): no extra connection. Each rule is a row: when it fires and what it says.
import type { AcceptedCipher, ProtocolCiphers } from "../types.js";
import type { ProtocolName } from "../versions.js";
import { verdict, type VulnerabilityId, type VulnerabilityResult } from "./catalog.js";

export interface ScanFacts {
  /** Versions the server accepted. */
  protocols: readonly ProtocolName[];
  ciphers: readonly ProtocolCiphers[];
  secureRenegotiation: boolean | null;
  dhMinBits: number | null;
}

type Hit = { protocol: ProtocolName; c: AcceptedCipher };

const isCbc = (c: AcceptedCipher): boolean => /CBC/.test(c.enc);
/** 64-bit block ciphers: 3DES, DES, IDEA, RC2 (SWEET32's birthday bound). */
const is64BitBlock = (c: AcceptedCipher): boolean => /^(3DES|DES|IDEA|RC2)/.test(c.enc);
const isExportRsa = (c: AcceptedCipher): boolean => c.export && c.kx === "RSA";
const isExportDh = (c: AcceptedCipher): boolean => c.export && (c.kx === "DHE" || c.kx === "DH");

function names(hits: readonly Hit[], max = 4): string {
  const all = [...new Set(hits.map((h) => h.c.openssl ?? h.c.name))];
  return all.length > max ? `${all.slice(0, max).join(", ")} … (+${all.length - max})` : all.join(", ");
}

function byProtocol(hits: readonly Hit[]): string {
  return [...new Set(hits.map((h) => h.protocol))].map((p) => `${p}: ${names(hits.filter((h) => h.protocol === p))}`).join("; ");
}

interface Rule {
  id: VulnerabilityId;
  /** Why the test cannot apply, or null. */
  notApplicable(f: ScanFacts, all: readonly Hit[]): string | null;
  /** Evidence when vulnerable, or null. */
  fires(f: ScanFacts, all: readonly Hit[]): string | null;
  /** Said when it does not fire. */
  safe: string | ((f: ScanFacts) => string);
}

const has = (f: ScanFacts, p: ProtocolName): boolean => f.protocols.includes(p);
const legacyOnly = (f: ScanFacts): string | null => (f.protocols.every((p) => p === "TLSv1.3") ? "TLS 1.3 only: no such suites exist there" : null);

export const DERIVED_RULES: readonly Rule[] = [
  {
    id: "poodle",
    notApplicable: (f) => (has(f, "SSLv3") ? null : "SSLv3 not offered"),
    fires: (_f, all) => {
      const hits = all.filter((h) => h.protocol === "SSLv3" && isCbc(h.c));
      return hits.length ? `SSLv3 with CBC suites: ${names(hits)}` : null;
    },
    safe: "SSLv3 offered without CBC suites",
  },
  {
    id: "drown",
    notApplicable: () => null,
    fires: (f, all) => (has(f, "SSLv2") ? `SSLv2 offered on this port (${all.filter((h) => h.protocol === "SSLv2").length} SSLv2 cipher kinds)` : null),
    safe: "SSLv2 not offered on this port (a server elsewhere sharing this certificate's key with SSLv2 would still expose it)",
  },
  {
    id: "freak",
    notApplicable: legacyOnly,
    fires: (_f, all) => {
      const hits = all.filter((h) => isExportRsa(h.c));
      return hits.length ? `export RSA suites accepted: ${byProtocol(hits)}` : null;
    },
    safe: "no export RSA suite accepted",
  },
  {
    id: "logjam",
    notApplicable: legacyOnly,
    fires: (f, all) => {
      const exp = all.filter((h) => isExportDh(h.c));
      if (exp.length) return `export DHE suites accepted: ${byProtocol(exp)}`;
      // Under 2048 bits, as testssl.sh reports it (export and 1024-bit groups are within reach of
      // precomputation); the score counts it once, under encryption.tls-weak-dh.
      if (f.dhMinBits !== null && f.dhMinBits < 2048) return `DHE with a ${f.dhMinBits}-bit group`;
      return null;
    },
    safe: (f) =>
      f.dhMinBits === null
        ? "no DH export suites, no finite-field DHE key exchange seen"
        : `no DH export suites; smallest DH group ${f.dhMinBits} bits`,
  },
  {
    id: "sweet32",
    notApplicable: (f) => (f.protocols.every((p) => p === "TLSv1.3") ? "TLS 1.3 only: no 64-bit block ciphers exist there" : null),
    fires: (_f, all) => {
      const hits = all.filter((h) => is64BitBlock(h.c));
      return hits.length ? `64-bit block ciphers accepted: ${byProtocol(hits)}` : null;
    },
    safe: "no 64-bit block cipher (3DES, DES, IDEA, RC2) accepted",
  },
  {
    id: "rc4",
    notApplicable: legacyOnly,
    fires: (_f, all) => {
      const hits = all.filter((h) => h.c.enc === "RC4");
      return hits.length ? `RC4 suites accepted: ${byProtocol(hits)}` : null;
    },
    safe: "no RC4 suite accepted",
  },
  {
    id: "beast",
    notApplicable: (f) => (has(f, "TLSv1.0") || has(f, "SSLv3") ? null : "neither TLS 1.0 nor SSLv3 offered"),
    fires: (f, all) => {
      const hits = all.filter((h) => (h.protocol === "TLSv1.0" || h.protocol === "SSLv3") && isCbc(h.c));
      if (!hits.length) return null;
      const newer = f.protocols.filter((p) => p === "TLSv1.1" || p === "TLSv1.2" || p === "TLSv1.3");
      return `CBC suites in ${byProtocol(hits)}${newer.length ? ` (newer protocols ${newer.join(", ")} also offered: modern clients are not exposed)` : ""}`;
    },
    safe: "no CBC suite accepted with TLS 1.0 or SSLv3",
  },
  {
    id: "lucky13",
    notApplicable: legacyOnly,
    fires: (_f, all) => {
      const hits = all.filter((h) => h.protocol !== "SSLv2" && h.protocol !== "TLSv1.3" && isCbc(h.c));
      return hits.length ? `CBC suites accepted (timing side channel unless the implementation is constant-time): ${byProtocol(hits)}` : null;
    },
    safe: "no CBC suite accepted",
  },
  {
    id: "secure-renegotiation",
    notApplicable: (f) => (f.protocols.some((p) => p !== "TLSv1.3" && p !== "SSLv2") ? null : "TLS 1.3 only: renegotiation does not exist there"),
    fires: (f) => (f.secureRenegotiation === false ? "the server does not answer renegotiation_info (RFC 5746) in its ServerHello" : null),
    safe: "renegotiation_info (RFC 5746) answered",
  },
];

export function derivedVerdicts(f: ScanFacts): VulnerabilityResult[] {
  const all: Hit[] = f.ciphers.flatMap((p) => p.ciphers.map((c) => ({ protocol: p.protocol, c })));
  return DERIVED_RULES.map((r) => {
    const na = r.notApplicable(f, all);
    if (na) return verdict(r.id, "not-applicable", na);
    const hit = r.fires(f, all);
    if (hit) return verdict(r.id, "vulnerable", hit);
    if (r.id === "secure-renegotiation" && f.secureRenegotiation === null) return verdict(r.id, "unknown", "no TLS ≤ 1.2 ServerHello was seen");
    return verdict(r.id, "not-vulnerable", typeof r.safe === "string" ? r.safe : r.safe(f));
  });
}
