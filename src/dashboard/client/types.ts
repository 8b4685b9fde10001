// The shapes the dashboard reads from the REST API (see /api/openapi.json); only the fields it uses.
import type { Severity } from "./format.js";

export type Counts = Record<Severity, number> & { total: number };

export interface ScanSummary {
  id: string;
  target: string;
  status: "queued" | "running" | "completed" | "failed" | "cancelled";
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
  score: number | null;
  grade: string | null;
  findings: Counts;
  durationMs: number | null;
  requestsSent: number | null;
}

export interface Evidence {
  request: string;
  status: number | null;
  excerpt: string;
  note?: string;
}

export interface Finding {
  id: string;
  checkId: string;
  category: string;
  severity: Severity;
  confidence: string;
  title: string;
  description: string;
  operation: { method: string; path: string; url: string } | null;
  evidence: Evidence[];
  reproduce: string | null;
  remediation: { summary: string; framework: string | null; steps: string[]; code: string | null };
  references: Record<string, (string | number)[] | undefined>;
  /** Set by the server when the finding was triaged (accepted or false positive). */
  triage?: { status: "accepted" | "false-positive"; reason: string; expires?: string | null } | null;
}

export interface Category {
  id: string;
  name: string;
  score: number;
  grade: string;
  applicable: boolean;
  findings: number;
}

export interface Progress {
  phase: string | null;
  requestsSent: number;
  budget: number | null;
  checksFinished: number;
  findings: number;
}

export interface Suppressed {
  findingId: string;
  checkId?: string;
  reason: string;
  expires?: string | null;
  status?: string;
  finding?: Finding;
}

export interface ScanDetail extends Omit<ScanSummary, "findings"> {
  progress: Progress | null;
  categories?: Category[];
  findings?: Finding[];
  suppressed?: Suppressed[];
  errors?: { phase: string; message: string; checkId?: string }[];
  counts?: Counts;
  options?: Record<string, unknown>;
  report?: {
    findings?: Finding[];
    suppressed?: Suppressed[];
    requests?: { sent: number; budget: number };
    extras?: { tls?: { grade?: string | null; certificate?: { notAfter: string; daysLeft: number } | null } };
    options?: Record<string, unknown>;
    tool?: { version: string };
  } | null;
}

export interface TargetOverview {
  target: string;
  latest: ScanSummary | null;
  history: { id: string; score: number | null; grade: string | null; startedAt: string }[];
  certificate?: { notAfter: string; daysLeft?: number } | null;
}

export interface TokenInfo {
  id: string;
  name: string;
  role: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
