// What a server's answer to a StartupMessage says about the transport: data, matched in order.
// "accepted" = the connection got past the transport gate (pg_hba / TLS requirement) and reached
// authentication or later; "refused" = the server refused it because it was not encrypted.
import type { PgError } from "./pg-wire.js";

export type StartupVerdict = "accepted" | "refused" | "inconclusive";

export interface ErrorVerdictRow {
  id: string;
  /** Matched against the primary message (case-insensitive). */
  message?: RegExp;
  /** SQLSTATE codes this row applies to (any when absent). */
  sqlstate?: string[];
  verdict: StartupVerdict;
  reason: string;
}

export const ERROR_VERDICTS: readonly ErrorVerdictRow[] = [
  {
    id: "pg-hba-no-entry-plaintext",
    message: /no pg_hba\.conf entry for .*(no encryption|ssl off)/i,
    verdict: "refused",
    reason: "pg_hba.conf has no entry for unencrypted connections",
  },
  {
    id: "pg-hba-reject-plaintext",
    message: /pg_hba\.conf rejects connection for .*(no encryption|ssl off)/i,
    verdict: "refused",
    reason: "pg_hba.conf rejects unencrypted connections (hostnossl … reject)",
  },
  {
    id: "cockroach-secure-mode",
    message: /node is running secure mode, ssl connection required/i,
    verdict: "refused",
    reason: "CockroachDB in secure mode requires TLS",
  },
  {
    id: "ssl-required",
    message: /\b(ssl|tls)\b[^.]*\brequired\b|\brequires? (an? )?(ssl|tls|encrypted)/i,
    verdict: "refused",
    reason: "the server requires TLS",
  },
  {
    id: "pg-hba-no-entry-other",
    message: /no pg_hba\.conf entry for|pg_hba\.conf rejects connection/i,
    verdict: "inconclusive",
    reason: "pg_hba.conf refused the probe user/database (not necessarily because of encryption)",
  },
  {
    id: "role-or-database-missing",
    sqlstate: ["28000", "3D000"],
    message: /(role|user|database) .* does not exist/i,
    verdict: "accepted",
    reason: "the unencrypted connection passed the transport gate and reached the role/database check",
  },
  {
    id: "authentication-failed",
    sqlstate: ["28P01", "28000"],
    message: /authentication failed/i,
    verdict: "accepted",
    reason: "the unencrypted connection reached authentication",
  },
  {
    id: "busy-or-starting",
    sqlstate: ["53300", "57P03", "57P01"],
    verdict: "inconclusive",
    reason: "the server is starting, shutting down or full",
  },
];

export function classifyStartupError(err: PgError): ErrorVerdictRow {
  for (const row of ERROR_VERDICTS) {
    if (row.sqlstate && !(err.sqlstate && row.sqlstate.includes(err.sqlstate))) continue;
    if (row.message && !row.message.test(err.message)) continue;
    return row;
  }
  return { id: "unclassified", verdict: "inconclusive", reason: "the server answered with an error that does not tell" };
}
