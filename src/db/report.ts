// The database audit on its own (`rampart db`): a DSN or host:port in, the DSN analysis, the wire audits
// of its hosts and every issue out. Issues use the same builders as the scan's checks.
import { UsageError } from "../core/errors.js";
import type { Confidence, Evidence, Severity } from "../core/types.js";
import { certificateFindings, protocolFindings } from "../tls/index.js";
import type { FindingInput } from "../core/check.js";
import { auditDb, type DbAudit } from "./audit.js";
import { analyzeDsn, redactDsn, type DsnAnalysis } from "./dsn.js";
import { endpoint, insecureSslmodeIssue, transportIssues } from "./issues.js";

export interface DbReportIssue {
  checkId: string;
  /** null = the check's default severity. */
  severity: Severity | null;
  confidence: Confidence;
  title: string | null;
  description: string | null;
  evidence: Evidence[];
  reproduce: string | null;
  /** host:port the issue is about, or "dsn". */
  subject: string;
}

export interface DbReport {
  /** The target as given, password redacted. */
  target: string;
  dsn: DsnAnalysis | null;
  audits: DbAudit[];
  issues: DbReportIssue[];
  notes: string[];
}

export interface DbReportOptions {
  timeoutMs: number;
  caPem?: string | null;
  signal?: AbortSignal;
}

const WIRE_FAMILIES = new Set(["postgresql", "cockroachdb"]);

/** A connection string rather than host:port (URL, key=value, Go MySQL forms). */
export function looksLikeDsn(s: string): boolean {
  return /:\/\/|=|@(tcp6?|unix)\(/.test(s);
}

export type DbTarget = { dsn: string } | { host: string; port: number };

export async function auditDbTarget(target: DbTarget, opts: DbReportOptions): Promise<DbReport> {
  const label = "dsn" in target ? redactDsn(target.dsn) : `${target.host}:${target.port}`;
  const report: DbReport = { target: label, dsn: null, audits: [], issues: [], notes: [] };
  let hosts: { host: string; port: number }[] = [];
  let user: string | undefined;
  let database: string | undefined;
  if ("dsn" in target) {
    const dsn = analyzeDsn(target.dsn);
    if (!dsn) throw new UsageError(`'${report.target}' is neither a PostgreSQL/CockroachDB/MySQL/MongoDB/Redis connection string nor host:port`);
    report.dsn = dsn;
    const issue = insecureSslmodeIssue(dsn, { request: "DSN given on the command line", status: null });
    if (issue) report.issues.push({ ...issue, evidence: [issue.evidence], subject: "dsn" });
    if (WIRE_FAMILIES.has(dsn.family)) {
      hosts = dsn.hosts.filter((h) => !h.host.startsWith("/"));
      if (hosts.length < dsn.hosts.length) report.notes.push("unix-socket hosts are not probed");
      user = dsn.user ?? undefined;
      database = dsn.database ?? undefined;
    } else {
      report.notes.push(`the wire probe speaks the PostgreSQL protocol only: ${dsn.family} was judged from its DSN alone`);
    }
  } else {
    hosts = [target];
  }
  report.audits = await Promise.all(
    hosts.map((h) =>
      auditDb(h.host, h.port, {
        timeoutMs: opts.timeoutMs,
        caPem: opts.caPem ?? null,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(user ? { user } : {}),
        ...(database ? { database } : {}),
      }),
    ),
  );
  for (const a of report.audits) report.issues.push(...auditIssues(a));
  return report;
}

/** Transport, certificate and protocol issues of one audit. Protocol issues keep the TLS check ids. */
export function auditIssues(a: DbAudit): DbReportIssue[] {
  if (a.error || a.wire !== "postgresql") return [];
  const subject = endpoint(a);
  const out: DbReportIssue[] = transportIssues(a).map((i) => ({ ...i, evidence: [i.evidence], subject }));
  const o = { host: a.host, port: a.port, opensslConnect: `openssl s_client -starttls postgres -connect ${subject}` };
  const tlsFindings: FindingInput[] = [
    ...certificateFindings(a.certificate, { ...o, idPrefix: "encryption.db-cert-" }),
    ...(a.tlsScan ? protocolFindings(a.tlsScan, o) : []),
  ];
  for (const f of tlsFindings) {
    out.push({
      checkId: f.checkId ?? "encryption.db-tls",
      severity: f.severity ?? null,
      confidence: f.confidence,
      title: f.title ?? null,
      description: f.description ?? null,
      evidence: f.evidence.map((e) => ({ request: e.request ?? `TLS ${subject}`, status: e.status ?? null, excerpt: e.excerpt ?? "", ...(e.note ? { note: e.note } : {}) })),
      reproduce: typeof f.reproduce === "string" ? f.reproduce : null,
      subject,
    });
  }
  return out;
}
