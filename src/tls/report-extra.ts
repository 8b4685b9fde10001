// The TLS grade beside the API grade: a compact digest of an audit for ScanReport.extras.tls.
import type { TlsAudit } from "./types.js";

export interface TlsReportExtra {
  endpoint: string;
  grade: string | null;
  /** The letter if certificate trust problems were ignored (differs when grade is T). */
  gradeIgnoringTrust: string | null;
  score: number;
  caps: { cap: string; reason: string }[];
  protocols: string[];
  suites: Record<string, number>;
  groups: string[];
  certificate: {
    subject: string; issuer: string; notAfter: string; daysLeft: number; trust: string; hostnameMatches: boolean;
    ocspStapled: boolean | null; mustStaple: boolean; revocationUrls: number; scts: number;
  } | null;
  /** Every named vulnerability test with its verdict and the evidence or reason. */
  vulnerabilities: { id: string; name: string; status: string; detail: string }[];
  connections: number;
  durationMs: number;
  error: string | null;
}

export function tlsReportExtra(a: TlsAudit): TlsReportExtra {
  const c = a.certificate;
  return {
    endpoint: `${a.host.includes(":") ? `[${a.host}]` : a.host}:${a.port}`,
    grade: a.grade.letter,
    gradeIgnoringTrust: a.grade.letterIgnoringTrust,
    score: a.grade.score,
    caps: a.grade.caps,
    protocols: a.protocols.filter((p) => p.supported).map((p) => p.name),
    suites: Object.fromEntries(a.ciphers.map((p) => [p.protocol, p.ciphers.length])),
    groups: a.groups.map((g) => g.name),
    certificate: c
      ? {
        subject: c.leaf.subject, issuer: c.leaf.issuer, notAfter: c.validity.notAfter, daysLeft: c.validity.daysLeft, trust: c.trust.status,
        hostnameMatches: c.hostname.matches, ocspStapled: c.stapling.checked ? c.stapling.stapled : null, mustStaple: c.mustStaple,
        revocationUrls: c.revocation.crl.length + c.revocation.ocsp.length, scts: c.transparency.embedded + (c.transparency.tls ?? 0),
      }
      : null,
    vulnerabilities: a.vulnerabilities.map((v) => ({ id: v.id, name: v.name, status: v.status, detail: v.detail })),
    connections: a.connections,
    durationMs: a.durationMs,
    error: a.error,
  };
}
