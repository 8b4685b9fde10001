// The scans table's row shape and the values written for it, shared by the SQLite and PostgreSQL backends
// so both store exactly the same thing (same sanitizing, same secret scrubbing, same severity counts).
import os from "node:os";
import type { Grade, ScanReport, Severity } from "../core/types.js";
import { SEVERITIES } from "../core/types.js";
import { newScanId } from "../core/ids.js";
import { collectSecrets, sanitizeOptions, scrubSecrets } from "./redact.js";
import { targetKey } from "./target.js";
import type { BeginScanInput, ScanStatus, ScanSummary, StoredScan } from "./store.js";

/** A scans row as both backends read it (timestamps as ISO strings, JSON columns as text). */
export interface ScanRow {
  id: string;
  target: string;
  spec_url: string | null;
  status: ScanStatus;
  started_at: string;
  finished_at: string | null;
  error: string | null;
  pid: number | null;
  score: number | null;
  grade: string | null;
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  findings_total: number;
  duration_ms: number | null;
  requests_sent: number | null;
  options_json: string;
  report_json: string | null;
}

export const SUMMARY_COLUMNS =
  "id, target, spec_url, status, started_at, finished_at, error, pid, score, grade, critical, high, medium, low, info, findings_total, duration_ms, requests_sent, options_json";

/** The row of a scan being begun, and the secrets of its options (kept in memory to scrub its report). */
export function beginValues(input: BeginScanInput): {
  secrets: string[];
  values: {
    id: string;
    target: string;
    target_key: string;
    spec_url: string | null;
    started_at: string;
    status: "queued" | "running";
    pid: number;
    hostname: string;
    options_json: string;
  };
} {
  const options = input.options ?? {};
  const secrets = collectSecrets(options);
  return {
    secrets,
    values: {
      id: input.scanId ?? newScanId(),
      target: input.target,
      target_key: targetKey(input.target),
      spec_url: input.specUrl ?? null,
      started_at: input.startedAt ?? new Date().toISOString(),
      status: input.status ?? "running",
      pid: input.pid ?? process.pid,
      hostname: os.hostname(),
      options_json: JSON.stringify(scrubSecrets(sanitizeOptions(options), secrets)),
    },
  };
}

/** The row of a completed scan: options sanitized, every remembered secret scrubbed from the report. */
export function completedValues(report: ScanReport, secrets: readonly string[]) {
  const clean = scrubSecrets({ ...report, options: sanitizeOptions(report.options ?? {}) }, [...secrets]);
  return {
    id: clean.scanId,
    target: clean.target.url,
    target_key: targetKey(clean.target.url),
    spec_url: clean.target.specUrl,
    started_at: clean.startedAt,
    finished_at: clean.finishedAt,
    score: Math.round(clean.score),
    grade: clean.grade,
    ...countBySeverity(clean),
    duration_ms: clean.durationMs,
    requests_sent: clean.requests?.sent ?? null,
    tool_version: clean.tool?.version ?? null,
    options_json: JSON.stringify(clean.options),
    report_json: JSON.stringify(clean),
  };
}
export type CompletedValues = ReturnType<typeof completedValues>;

/** A LIKE pattern matching strings that start with `prefix` (with ESCAPE '\\'). */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function countBySeverity(report: ScanReport): Record<Severity, number> & { findings_total: number } {
  const counts = { critical: 0, high: 0, medium: 0, low: 0, info: 0, findings_total: 0 };
  for (const f of report.findings ?? []) {
    if ((SEVERITIES as readonly string[]).includes(f.severity)) counts[f.severity] += 1;
    counts.findings_total += 1;
  }
  return counts;
}

export function toSummary(row: ScanRow): ScanSummary {
  return {
    id: row.id,
    target: row.target,
    specUrl: row.spec_url,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    pid: row.pid,
    score: row.score,
    grade: (row.grade as Grade | null) ?? null,
    findings: {
      critical: row.critical,
      high: row.high,
      medium: row.medium,
      low: row.low,
      info: row.info,
      total: row.findings_total,
    },
    durationMs: row.duration_ms,
    requestsSent: row.requests_sent,
  };
}

export function toStored(row: ScanRow): StoredScan {
  return {
    ...toSummary(row),
    options: JSON.parse(row.options_json) as Record<string, unknown>,
    report: row.report_json ? (JSON.parse(row.report_json) as ScanReport) : null,
  };
}

/** Picks the one finding a (prefix) id names inside a scan; an ambiguous prefix is an error for the caller. */
export function pickFinding<F extends { id: string }>(findings: readonly F[], wanted: string): { finding: F | null; ambiguous: F[] } {
  const matches = findings.filter((f) => f.id === wanted || f.id.startsWith(wanted));
  const exact = matches.find((f) => f.id === wanted);
  if (!exact && matches.length > 1) return { finding: null, ambiguous: matches };
  return { finding: exact ?? matches[0] ?? null, ambiguous: [] };
}
