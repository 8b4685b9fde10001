// `rampart db <dsn|host:port>`: the database transport audit alone — DSN analysis, then the PostgreSQL-wire
// probe of its host(s): SSLRequest, plaintext StartupMessage, TLS versions/suites and certificate.
import pc from "picocolors";
import { findCheck } from "../../../checks/index.js";
import { TargetError, UsageError } from "../../../core/errors.js";
import { SEVERITIES, type Severity } from "../../../core/types.js";
import type { DbAudit } from "../../../db/audit.js";
import { productLabel } from "../../../db/issues.js";
import { auditDbTarget, looksLikeDsn, type DbReport, type DbReportIssue } from "../../../db/report.js";
import { parseHostPort, readCa } from "../../../engine/settings.js";
import { remediationFor } from "../../../knowledge/remediation/index.js";
import type { CliIO } from "../command.js";

export interface DbFlags {
  ca?: string;
  timeout?: number;
  format?: string;
  failOn?: Severity;
}

const RANK: Record<Severity, number> = Object.fromEntries(SEVERITIES.map((s, i) => [s, i])) as Record<Severity, number>;

/** Severity with the check's default filled in. */
export function issueSeverity(i: DbReportIssue): Severity {
  return i.severity ?? findCheck(i.checkId)?.meta.severity ?? "medium";
}

function sortIssues(issues: DbReportIssue[]): DbReportIssue[] {
  return [...issues].sort((a, b) => RANK[issueSeverity(a)] - RANK[issueSeverity(b)] || a.checkId.localeCompare(b.checkId));
}

function auditLines(a: DbAudit): string[] {
  const at = `${a.host}:${a.port}`;
  if (a.error) return [`${at}  error: ${a.error}`];
  const lines = [`${at}  ${productLabel(a)}`];
  const ssl = a.sslRequest?.answer;
  lines.push(`  SSLRequest    ${ssl === "S" ? "S — TLS offered" : ssl === "N" ? "N — TLS not supported" : (ssl ?? "no answer")}`);
  if (a.tls) lines.push(`  TLS session   ${a.tls.protocol ?? "?"} ${a.tls.cipher?.standardName ?? ""}`.trimEnd());
  if (a.tlsScan) {
    const versions = a.tlsScan.protocols.filter((p) => p.supported).map((p) => p.name);
    const suites = a.tlsScan.ciphers.reduce((n, p) => n + p.ciphers.length, 0);
    lines.push(`  TLS versions  ${versions.join(", ") || "none"} · ${suites} suites · grade ${a.tlsScan.grade.letter ?? "-"}`);
  }
  const cert = a.certificate;
  if (cert) {
    lines.push(
      `  Certificate   ${cert.leaf.subject.replace(/\n/g, ", ")} · ${cert.leaf.key.type.toUpperCase()} ${cert.leaf.key.bits} · ` +
        `${cert.validity.daysLeft} days left · ${cert.trust.trusted ? "trusted" : `not trusted (${cert.trust.status})`} · ` +
        `host name ${cert.hostname.matches ? "matches" : "does not match"}`,
    );
  }
  if (a.plaintext) lines.push(`  Plaintext     ${a.plaintext.verdict} — ${a.plaintext.reason}`);
  for (const n of a.notes) lines.push(`  note: ${n}`);
  return lines;
}

export function renderDbSummary(r: DbReport, color: boolean): string {
  const c = color ? pc : { bold: (s: string) => s, red: (s: string) => s, yellow: (s: string) => s, dim: (s: string) => s };
  const lines = [c.bold(`Database audit: ${r.target}`), ""];
  if (r.dsn) {
    const d = r.dsn;
    lines.push(
      `DSN           ${d.family}${d.driver ? ` (${d.driver})` : ""} · ${d.hosts.map((h) => `${h.host}:${h.port}`).join(", ") || "no host"}` +
        `${d.user ? ` · user ${d.user}` : ""}${d.database ? ` · database ${d.database}` : ""} · password ${d.passwordPresent ? "present (redacted)" : "absent"}`,
      `  TLS          ${d.tls.verdict} — ${d.tls.reason}`,
      "",
    );
  }
  for (const a of r.audits) lines.push(...auditLines(a), "");
  for (const n of r.notes) lines.push(`note: ${n}`);
  const issues = sortIssues(r.issues);
  lines.push(c.bold(issues.length ? `Findings (${issues.length})` : "No findings"));
  for (const i of issues) {
    const sev = issueSeverity(i);
    const label = sev.toUpperCase().padEnd(8);
    const title = i.title ?? findCheck(i.checkId)?.meta.title ?? i.checkId;
    lines.push(`  ${sev === "critical" || sev === "high" ? c.red(label) : c.yellow(label)} ${i.checkId}  ${title} [${i.subject}]`);
    for (const e of i.evidence.slice(0, 2)) lines.push(c.dim(`           ${e.excerpt}`));
    // Protocol issues of the database keep the TLS ids; their fix is the database server's configuration.
    const fixId = i.checkId.startsWith("encryption.tls") ? i.checkId.replace("encryption.tls", "encryption.db-tls") : i.checkId;
    const database = r.audits.find((a) => `${a.host}:${a.port}` === i.subject)?.product.name ?? r.dsn?.family ?? "postgresql";
    lines.push(`           fix: ${remediationFor(fixId, { framework: null, database }).summary}`);
  }
  if (issues.length) lines.push("", c.dim("rampart explain <checkId> --framework <F> --database <D> shows the fix for your stack."));
  return `${lines.join("\n")}\n`;
}

export async function runDb(target: string, flags: DbFlags, io: CliIO): Promise<number> {
  const format = flags.format ?? "summary";
  if (format !== "summary" && format !== "json") throw new UsageError(`--format must be summary or json (got '${format}')`);
  const caPem = readCa(flags.ca ?? null);
  const parsed = looksLikeDsn(target) ? { dsn: target } : parseHostPort(target, 5432);
  const report = await auditDbTarget(parsed, { timeoutMs: flags.timeout ?? 10_000, caPem });
  if (report.audits.length > 0 && report.audits.every((a) => a.error) && report.issues.length === 0) {
    throw new TargetError(report.audits.map((a) => a.error).join("; "));
  }
  io.out(format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderDbSummary(report, io.color));
  const failOn = flags.failOn;
  if (failOn && report.issues.some((i) => RANK[issueSeverity(i)] <= RANK[failOn])) {
    io.err(`rampart: gate failed: a finding at or above ${failOn}`);
    return 1;
  }
  return 0;
}
