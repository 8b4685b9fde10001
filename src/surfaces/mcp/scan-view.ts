// What an assistant sees of a scan: concise text for the conversation, plus structured content.
import { z } from "zod";
import type { Finding, ScanReport } from "../../core/types.js";
import { SEVERITIES } from "../../core/types.js";
import type { ScanSummary, StoredScan } from "../../store/index.js";
import { SCAN_STATUSES } from "../../store/index.js";

/** Findings listed in full; the rest are counted (get_scan with a format returns everything). */
export const MAX_LISTED_FINDINGS = 100;
const EXCERPT_CHARS = 240;

const severityCounts = z.object({
  critical: z.number(),
  high: z.number(),
  medium: z.number(),
  low: z.number(),
  info: z.number(),
  total: z.number(),
});

export const scanSummaryShape = {
  scanId: z.string(),
  target: z.string(),
  status: z.enum(SCAN_STATUSES),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  grade: z.string().nullable(),
  score: z.number().nullable(),
  findingCounts: severityCounts,
};

export const scanViewShape = {
  ...scanSummaryShape,
  specUrl: z.string().nullable(),
  /** Why the spec found was not used, when it was refused. */
  specRejected: z.string().nullable(),
  durationMs: z.number().nullable(),
  requestsSent: z.number().nullable(),
  cap: z.string().nullable(),
  /** The score before the cap, when a cap applied. */
  uncappedScore: z.number().nullable(),
  /** Why the grade cannot be trusted (too little of the API exercised, target stopped answering); null = complete. */
  incomplete: z.string().nullable(),
  /** How much of the planned work the scan exercised; null for reports older than coverage. */
  coverage: z
    .object({
      ratio: z.number(),
      floor: z.number(),
      operations: z.object({ planned: z.number(), exercised: z.number() }),
      checks: z.object({ planned: z.number(), exercised: z.number() }),
      notTested: z.array(z.object({ checkId: z.string(), reason: z.string() })),
    })
    .nullable(),
  /** Checks of which one part was not tried (e.g. jku/x5u without a callback host), and why. */
  partlySkipped: z.array(z.object({ checkId: z.string(), reason: z.string() })),
  /** What checks saw that is not a finding (no score effect). */
  observations: z.array(z.object({ checkId: z.string(), message: z.string() })),
  categories: z.array(
    z.object({ id: z.string(), name: z.string(), score: z.number(), grade: z.string(), applicable: z.boolean(), findings: z.number() }),
  ),
  findings: z.array(
    z.object({
      id: z.string(),
      checkId: z.string(),
      category: z.string(),
      severity: z.string(),
      confidence: z.string(),
      title: z.string(),
      operation: z.string().nullable(),
      evidence: z.string().nullable(),
      remediation: z.string(),
    }),
  ),
  findingsOmitted: z.number(),
};

export type ScanView = z.infer<z.ZodObject<typeof scanViewShape>>;
export type ScanSummaryView = z.infer<z.ZodObject<typeof scanSummaryShape>>;

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

function operationOf(f: Finding): string | null {
  return f.operation ? `${f.operation.method} ${f.operation.path}` : null;
}

export function summaryView(s: ScanSummary): ScanSummaryView {
  return {
    scanId: s.id,
    target: s.target,
    status: s.status,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    error: s.error,
    grade: s.grade,
    score: s.score,
    findingCounts: s.findings,
  };
}

export function scanView(s: StoredScan): ScanView {
  const report: ScanReport | null = s.report;
  const findings = report?.findings ?? [];
  return {
    ...summaryView(s),
    specUrl: s.specUrl,
    specRejected: report?.target.specRejected ?? null,
    durationMs: s.durationMs,
    requestsSent: s.requestsSent,
    cap: report?.cap.applied ? (report.cap.reason ?? `capped at ${report.cap.limit}`) : null,
    uncappedScore: report?.cap.applied ? (report.cap.uncapped ?? null) : null,
    incomplete: report?.incomplete?.length ? report.incomplete.map((r) => r.message).join("; ") : null,
    coverage: report?.coverage
      ? {
          ratio: report.coverage.ratio,
          floor: report.coverage.floor,
          operations: report.coverage.operations,
          checks: report.coverage.checks,
          notTested: report.coverage.notTested,
        }
      : null,
    partlySkipped: (report?.skipped.checks ?? []).filter((s) => s.partial).map((s) => ({ checkId: s.checkId, reason: s.reason })),
    observations: (report?.observations ?? []).map((o) => ({ checkId: o.checkId, message: o.message })),
    categories: (report?.categories ?? []).map((c) => ({
      id: c.id,
      name: c.name,
      score: c.score,
      grade: c.grade,
      applicable: c.applicable,
      findings: c.findings,
    })),
    findings: findings.slice(0, MAX_LISTED_FINDINGS).map((f) => {
      const ev = f.evidence[0];
      return {
        id: f.id,
        checkId: f.checkId,
        category: f.category,
        severity: f.severity,
        confidence: f.confidence,
        title: f.title,
        operation: operationOf(f),
        evidence: ev ? clip(`${ev.request} → ${ev.status ?? "no response"}: ${ev.excerpt}`, EXCERPT_CHARS) : null,
        remediation: f.remediation.summary,
      };
    }),
    findingsOmitted: Math.max(0, findings.length - MAX_LISTED_FINDINGS),
  };
}

function countsText(c: ScanSummaryView["findingCounts"]): string {
  const parts = SEVERITIES.filter((s) => c[s] > 0).map((s) => `${c[s]} ${s}`);
  return parts.length ? parts.join(", ") : "none";
}

export function scanText(v: ScanView): string {
  if (v.status !== "completed") {
    return `Scan ${v.scanId} of ${v.target} is ${v.status}${v.error ? `: ${v.error}` : ""} (started ${v.startedAt}).`;
  }
  const cap = v.cap ? ` (${v.cap}${v.uncappedScore !== null ? `; ${v.uncappedScore} uncapped` : ""})` : "";
  const lines = [
    `Scan ${v.scanId} of ${v.target}: grade ${v.grade}${v.incomplete ? " (incomplete)" : ""}, score ${v.score}/100${cap}.`,
    `${v.requestsSent ?? 0} requests in ${((v.durationMs ?? 0) / 1000).toFixed(1)} s; spec: ${v.specUrl ?? (v.specRejected ? `rejected (${v.specRejected})` : "none found")}.`,
  ];
  if (v.incomplete) lines.push(`Incomplete — do not trust this grade: ${v.incomplete}.`);
  if (v.coverage) lines.push(coverageText(v.coverage));
  for (const s of v.partlySkipped) lines.push(`Partly skipped: ${s.checkId}: ${s.reason}`);
  for (const o of v.observations) lines.push(`Observed (not a finding, no score effect): ${o.checkId}: ${o.message}`);
  const applicable = v.categories.filter((c) => c.applicable);
  if (applicable.length) lines.push(`Categories: ${applicable.map((c) => `${c.name} ${c.score} ${c.grade}`).join(" · ")}`);
  const na = v.categories.filter((c) => !c.applicable).map((c) => c.name);
  if (na.length) lines.push(`Not applicable: ${na.join(", ")}`);
  lines.push(`Findings (${v.findingCounts.total}): ${countsText(v.findingCounts)}`);
  for (const f of v.findings) {
    lines.push(`- [${f.severity.toUpperCase()}] ${f.title}${f.operation ? ` — ${f.operation}` : ""} (check ${f.checkId}, finding ${f.id})`);
  }
  if (v.findingsOmitted) lines.push(`… and ${v.findingsOmitted} more (get_scan with format "json" returns them all).`);
  if (v.findingCounts.total > 0) {
    lines.push("Use explain_finding with a finding id for evidence and a fix; after fixing, scan again and diff_scans to confirm.");
  }
  return lines.join("\n");
}

function coverageText(c: NonNullable<ScanView["coverage"]>): string {
  const pct = Math.round(c.ratio * 100);
  const untested = c.notTested.length ? `; not tested: ${c.notTested.map((n) => `${n.checkId} (${n.reason})`).join(", ")}` : "";
  return `Coverage ${pct}% (floor ${Math.round(c.floor * 100)}%): ${c.operations.exercised}/${c.operations.planned} operations, ${c.checks.exercised}/${c.checks.planned} checks${untested}.`;
}

export function summaryLine(s: ScanSummaryView): string {
  const result = s.status === "completed" ? `${s.grade} ${s.score}` : s.status + (s.error ? ` (${s.error})` : "");
  return `${s.startedAt}  ${s.scanId}  ${s.target}  ${result}  findings: ${countsText(s.findingCounts)}`;
}
