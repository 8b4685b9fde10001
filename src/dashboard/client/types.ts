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
  /** Why a queued scan has not started (no worker on the job queue); null otherwise. */
  waiting?: string | null;
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

export type MonitorSchedule = { every: string } | { cron: string };

export interface MonitorRunInfo {
  id: number;
  scanId: string | null;
  scheduledFor?: string;
  startedAt: string;
  finishedAt: string | null;
  status: "running" | "completed" | "failed" | "cancelled";
  reachable: boolean | null;
  score: number | null;
  grade: string | null;
  error: string | null;
  events: number;
  /** What changed since the previous completed run (only the fields the dashboard shows). */
  changes: {
    firstRun?: boolean;
    newFindings?: unknown[];
    resolvedFindings?: unknown[];
    severityChanges?: unknown[];
    certificates?: unknown[];
  } | null;
}

export interface MonitorInfo {
  id: string;
  name: string | null;
  url: string;
  spec: string | null;
  schedule: MonitorSchedule;
  settings?: { mode?: string; depth?: string; context?: string; identities?: string[] };
  paused: boolean;
  nextRunAt: string | null;
  createdAt: string;
  createdBy?: string | null;
  lastRun: MonitorRunInfo | null;
}

export type DeliveryStatus = "pending" | "delivered" | "dead";

export interface WebhookInfo {
  id: string;
  /** Shortened by the server: the rest of a Slack or Teams URL is a credential. */
  url: string;
  format: string;
  description: string | null;
  events: string[];
  minSeverity: string | null;
  active: boolean;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  deliveries?: Partial<Record<DeliveryStatus, number>>;
}

export interface DeliveryInfo {
  id: number;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The monitor that raised the event (its name as the event carried it); null for a one-off scan. */
  monitor: { id: string; name: string | null } | null;
  /** The scanned API the event is about. */
  target: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  deadAt: string | null;
}
