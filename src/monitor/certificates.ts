// Certificate expiry countdown: the API's certificate (the TLS digest in report.extras.tls) and database
// certificates (report.extras.databases), bucketed by the thresholds 30/14/7/1 days. An alert is raised when a
// certificate enters a lower bucket than the previous run saw, so each threshold is announced once.
import type { ScanReport, Severity } from "../core/types.js";

/** Days before expiry at which an alert is raised, widest first. */
export const EXPIRY_THRESHOLDS = [30, 14, 7, 1] as const;

export interface SeenCertificate {
  kind: "api" | "database";
  /** host:port */
  endpoint: string;
  subject: string | null;
  notAfter: string;
}

export interface CertificateAlert extends SeenCertificate {
  daysLeft: number;
  /** The threshold crossed (30, 14, 7 or 1), 0 once expired. */
  threshold: number;
  expired: boolean;
  /** The bucket the previous run saw (null: none, or a different certificate). */
  previousThreshold: number | null;
}

const DAY_MS = 86_400_000;

interface CertDigest {
  subject?: string;
  notAfter?: string;
}

function digest(value: unknown): CertDigest | null {
  if (!value || typeof value !== "object") return null;
  const c = value as Record<string, unknown>;
  return typeof c["notAfter"] === "string" ? { notAfter: c["notAfter"], ...(typeof c["subject"] === "string" ? { subject: c["subject"] } : {}) } : null;
}

/** Every certificate a report saw, with its end of validity. */
export function certificatesOf(report: ScanReport): SeenCertificate[] {
  const out: SeenCertificate[] = [];
  const tls = report.extras?.["tls"] as { endpoint?: string; certificate?: unknown } | undefined;
  const api = digest(tls?.certificate);
  if (api?.notAfter) out.push({ kind: "api", endpoint: tls?.endpoint ?? report.target.host, subject: api.subject ?? null, notAfter: api.notAfter });
  const dbs = report.extras?.["databases"];
  if (Array.isArray(dbs)) {
    for (const d of dbs as { endpoint?: string; certificate?: unknown }[]) {
      const c = digest(d?.certificate);
      if (c?.notAfter && typeof d.endpoint === "string") out.push({ kind: "database", endpoint: d.endpoint, subject: c.subject ?? null, notAfter: c.notAfter });
    }
  }
  return out;
}

/** 30, 14, 7 or 1 for the narrowest threshold the days left are within, 0 once expired, null beyond 30. */
export function expiryThreshold(daysLeft: number): number | null {
  if (daysLeft < 0) return 0;
  let hit: number | null = null;
  for (const t of EXPIRY_THRESHOLDS) if (daysLeft <= t) hit = t;
  return hit;
}

export function daysLeft(notAfter: string, at: Date): number {
  return Math.floor((Date.parse(notAfter) - at.getTime()) / DAY_MS);
}

/** Severity of an expiry alert: an expired or last-day certificate is critical, a month ahead is low. */
export function expirySeverity(threshold: number): Severity {
  if (threshold <= 1) return "critical";
  if (threshold <= 7) return "high";
  if (threshold <= 14) return "medium";
  return "low";
}

/**
 * Certificates that entered a lower bucket since `previous` (measured at each report's end). A renewed
 * certificate (another notAfter) starts afresh.
 */
export function expiringCertificates(previous: ScanReport | null, current: ScanReport): CertificateAlert[] {
  const at = new Date(current.finishedAt);
  const before = new Map<string, { notAfter: string; threshold: number | null }>();
  if (previous) {
    const prevAt = new Date(previous.finishedAt);
    for (const c of certificatesOf(previous)) before.set(`${c.kind} ${c.endpoint}`, { notAfter: c.notAfter, threshold: expiryThreshold(daysLeft(c.notAfter, prevAt)) });
  }
  const alerts: CertificateAlert[] = [];
  for (const c of certificatesOf(current)) {
    const left = daysLeft(c.notAfter, at);
    const threshold = expiryThreshold(left);
    if (threshold === null) continue;
    const prev = before.get(`${c.kind} ${c.endpoint}`);
    const previousThreshold = prev && prev.notAfter === c.notAfter ? prev.threshold : null;
    if (previousThreshold !== null && previousThreshold <= threshold) continue;
    alerts.push({ ...c, daysLeft: left, threshold, expired: left < 0, previousThreshold });
  }
  return alerts;
}
