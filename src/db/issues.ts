// What is wrong with a database's transport, as data: the checks report these as findings and
// `rampart db` prints them, so both say the same thing. Pure functions over an audit or a DSN analysis.
import type { Confidence, Evidence, Severity } from "../core/types.js";
import type { DbAudit } from "./audit.js";
import type { DsnAnalysis } from "./dsn.js";
import type { StartupOutcome } from "./pg-probe.js";

export interface DbIssue {
  checkId: string;
  severity: Severity;
  confidence: Confidence;
  title: string;
  description: string;
  evidence: Evidence;
  /** A command that shows the problem again, or null. */
  reproduce: string | null;
  /** Distinguishes issues of one check (host:port, or the redacted DSN). */
  key: string;
}

export function endpoint(a: DbAudit): string {
  return `${a.host}:${a.port}`;
}

/** "PostgreSQL 16.2", "CockroachDB", or "PostgreSQL-wire server". */
export function productLabel(a: DbAudit): string {
  const name = a.product.name === "cockroachdb" ? "CockroachDB" : a.product.name === "postgresql" ? "PostgreSQL" : "PostgreSQL-wire server";
  return a.product.version ? `${name} ${a.product.version}` : name;
}

/** One line for the answer to a StartupMessage. */
export function describeStartup(o: StartupOutcome): string {
  const parts: string[] = [];
  if (o.auth) {
    parts.push(
      o.auth.method === "ok"
        ? "AuthenticationOk without any credential (trust)"
        : `Authentication request: ${o.auth.method}${o.auth.mechanisms.length ? ` (${o.auth.mechanisms.join(", ")})` : ""}`,
    );
  }
  if (o.error) parts.push(`ErrorResponse ${o.error.sqlstate ?? ""}: ${o.error.message}`.replace(/\s+/g, " "));
  if (parts.length === 0) parts.push(o.reason);
  return parts.join("; ");
}

export function tlsUnsupportedIssue(a: DbAudit): DbIssue | null {
  const answer = a.sslRequest?.answer;
  if (answer !== "N" && answer !== "E") return null;
  return {
    checkId: "encryption.db-tls-unsupported",
    severity: "high",
    confidence: "confirmed",
    title: "Database does not support TLS",
    description: `${productLabel(a)} at ${endpoint(a)} refuses TLS: every connection to it is unencrypted.`,
    evidence: {
      request: `PostgreSQL SSLRequest → ${endpoint(a)}`,
      status: null,
      excerpt: answer === "N" ? "server answered 'N' (TLS not supported)" : `server answered with an error: ${a.sslRequest?.error?.message ?? ""}`,
      ...(a.product.evidence.length ? { note: a.product.evidence.join("; ") } : {}),
    },
    reproduce: `openssl s_client -starttls postgres -connect ${endpoint(a)} </dev/null`,
    key: endpoint(a),
  };
}

/** Trust (no password at all) and cleartext passwords over an unencrypted link are worse than SCRAM over it. */
const SEVERITY_BY_AUTH: Record<string, Severity> = { ok: "critical", cleartext: "critical" };

export function plaintextAcceptedIssue(a: DbAudit): DbIssue | null {
  const p = a.plaintext;
  if (!p || p.verdict !== "accepted") return null;
  const auth = p.auth?.method;
  const base = `${productLabel(a)} at ${endpoint(a)} accepts connections without TLS`;
  const description =
    auth === "ok"
      ? `${base} and authenticated the probe without any credential (trust): anyone on the network path reads and alters the traffic, and anyone who can reach the port connects.`
      : auth === "cleartext"
        ? `${base} and asks for the password in clear text: any eavesdropper collects it.`
        : `${base}: a client that does not insist on TLS (sslmode disable/allow/prefer) sends credentials, queries and results in clear.`;
  return {
    checkId: "encryption.db-plaintext-accepted",
    severity: SEVERITY_BY_AUTH[auth ?? ""] ?? "high",
    confidence: p.auth ? "confirmed" : "firm",
    title: "Database accepts unencrypted connections",
    description,
    evidence: {
      request: `PostgreSQL StartupMessage without TLS (user ${a.probeUser}, no password) → ${endpoint(a)}`,
      status: null,
      excerpt: describeStartup(p),
      note: p.reason,
    },
    reproduce: `psql "host=${a.host} port=${a.port} user=${a.probeUser} dbname=postgres sslmode=disable"`,
    key: endpoint(a),
  };
}

/** "postgresql DSN for app@db.internal:5432/app" — no secret, for titles and notes. */
export function dsnLabel(a: DsnAnalysis): string {
  const who = a.user ? `${a.user}@` : "";
  const where = a.host ? `${a.host}${a.port ? `:${a.port}` : ""}` : "(no host)";
  return `${a.family} DSN for ${who}${where}${a.database ? `/${a.database}` : ""}`;
}

/** verify-ca and CA-only settings check the chain (only the host name is unchecked): one step less severe. */
function sslmodeSeverity(a: DsnAnalysis): Severity {
  return /verify.?ca|ssl.?ca/i.test(a.tls.setting ?? "") ? "medium" : "high";
}

/** An insecure sslmode (or equivalent) on a DSN; `source` says where the DSN came from (evidence). */
export function insecureSslmodeIssue(a: DsnAnalysis, source: { request: string; status: number | null; where?: string }): DbIssue | null {
  if (a.tls.verdict === "verified") return null;
  const what = a.tls.verdict === "none" ? "does not guarantee encryption" : "encrypts without verifying the server (MITM)";
  return {
    checkId: "encryption.db-dsn-insecure-sslmode",
    severity: sslmodeSeverity(a),
    confidence: "confirmed",
    title: `Database connection ${what}`,
    description: `${dsnLabel(a)} ${what}: ${a.tls.reason}.`,
    evidence: {
      request: source.request,
      status: source.status,
      excerpt: a.redacted,
      note: source.where ? `${source.where}; ${a.tls.reason}` : a.tls.reason,
    },
    reproduce: null,
    key: a.redacted,
  };
}

/** Every transport issue of one audit (certificate issues come from the TLS certificate checks). */
export function transportIssues(a: DbAudit): DbIssue[] {
  return [tlsUnsupportedIssue(a), plaintextAcceptedIssue(a)].filter((i): i is DbIssue => i !== null);
}
