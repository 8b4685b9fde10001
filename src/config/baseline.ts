// Baseline / ignore entries: accepted findings, each with a reason and an optional expiry date. Applied to
// findings before scoring, so suppressed findings count toward neither score nor gate; expired entries
// stop suppressing and are reported.
import { z } from "zod";
import type { CategoryId, Finding, ScanReport } from "../core/types.js";
import { scoreFindings } from "../scoring/score.js";

const CHECK_ID = /^[A-Za-z]+\.[a-z0-9*][a-z0-9*-]*$/;
const OPERATION = /^([A-Za-z]+)\s+(\/\S*)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const dateSchema = z
  .union([z.string(), z.date()])
  .transform((v, ctx) => {
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : v.trim();
    if (!DATE.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
      ctx.addIssue({ code: "custom", message: `expires must be a date like 2027-01-31 (got '${text}')` });
      return z.NEVER;
    }
    return text;
  });

export const ignoreEntrySchema = z
  .object({
    /** Finding id (stable across runs). */
    finding: z.string().min(1).optional(),
    /** Check id, or a prefix ending in `*` (`encryption.cert-*`). */
    check: z.string().regex(CHECK_ID, "check must be a check id like encryption.hsts-missing").optional(),
    /** `GET /users/{id}`: limits the entry to one operation. */
    operation: z.string().regex(OPERATION, "operation must look like 'GET /users/{id}'").optional(),
    reason: z.string().trim().min(1, "reason is required"),
    expires: dateSchema.optional(),
  })
  .strict()
  .refine((e) => e.finding !== undefined || e.check !== undefined, { message: "an ignore entry needs finding or check" });

export type IgnoreEntry = z.output<typeof ignoreEntrySchema>;

export interface Baseline {
  entries: IgnoreEntry[];
  /** Where the entries came from, for messages. */
  source: string;
}

export interface SuppressedFinding {
  findingId: string;
  checkId: string;
  reason: string;
  expires: string | null;
}

export interface BaselineResult {
  kept: Finding[];
  suppressed: SuppressedFinding[];
  /** Entries past their expiry date: they no longer suppress anything. */
  expired: IgnoreEntry[];
  /** Live entries that matched no finding (candidates for removal). */
  unused: IgnoreEntry[];
}

export function describeEntry(e: IgnoreEntry): string {
  const what = [e.finding ? `finding ${e.finding}` : null, e.check ? `check ${e.check}` : null, e.operation ? `on ${e.operation}` : null];
  return what.filter(Boolean).join(" ");
}

/** An entry with `expires: 2027-01-31` still suppresses during that whole day (UTC). */
export function isExpired(e: IgnoreEntry, now: Date): boolean {
  return e.expires !== undefined && now.getTime() >= Date.parse(`${e.expires}T00:00:00Z`) + 86_400_000;
}

function normaliseOperation(op: string): string {
  const m = OPERATION.exec(op.trim());
  return m ? `${m[1]!.toUpperCase()} ${m[2]}` : op.trim();
}

function checkMatches(pattern: string, checkId: string): boolean {
  return pattern.endsWith("*") ? checkId.startsWith(pattern.slice(0, -1)) : pattern === checkId;
}

export function matches(e: IgnoreEntry, f: Finding): boolean {
  if (e.finding !== undefined && e.finding !== f.id) return false;
  if (e.check !== undefined && !checkMatches(e.check, f.checkId)) return false;
  if (e.operation !== undefined) {
    if (!f.operation) return false;
    if (normaliseOperation(e.operation) !== `${f.operation.method.toUpperCase()} ${f.operation.path}`) return false;
  }
  return true;
}

export function applyBaseline(findings: readonly Finding[], baseline: Baseline | null, now: Date): BaselineResult {
  const entries = baseline?.entries ?? [];
  const expired = entries.filter((e) => isExpired(e, now));
  const live = entries.filter((e) => !isExpired(e, now));
  const used = new Set<IgnoreEntry>();
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const f of findings) {
    const entry = live.find((e) => matches(e, f));
    if (!entry) {
      kept.push(f);
      continue;
    }
    used.add(entry);
    suppressed.push({ findingId: f.id, checkId: f.checkId, reason: entry.reason, expires: entry.expires ?? null });
  }
  return { kept, suppressed, expired, unused: live.filter((e) => !used.has(e)) };
}

/**
 * The report as if the suppressed findings had never been found: findings filtered, score, grade, cap
 * and categories recomputed with the rubric, `suppressed` filled, expired entries recorded as errors.
 */
export function applyBaselineToReport(report: ScanReport, baseline: Baseline | null, now: Date): ScanReport {
  if (!baseline || baseline.entries.length === 0) return report;
  const result = applyBaseline(report.findings, baseline, now);
  const applicable = new Set<CategoryId>(report.categories.filter((c) => c.applicable).map((c) => c.id));
  const untested = new Set<CategoryId>(report.coverage?.categories.filter((c) => !c.tested).map((c) => c.id) ?? []);
  const scored = scoreFindings(result.kept, applicable, untested);
  const expiredErrors = result.expired.map((e) => ({
    phase: "baseline",
    message: `ignore entry for ${describeEntry(e)} expired on ${e.expires} and no longer suppresses (${baseline.source})`,
  }));
  return {
    ...report,
    score: scored.score,
    grade: scored.grade,
    cap: scored.cap,
    categories: scored.categories,
    findings: result.kept,
    suppressed: [...report.suppressed, ...result.suppressed],
    errors: [...report.errors, ...expiredErrors],
  };
}
