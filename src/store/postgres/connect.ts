// PostgreSQL connection pools for the store: URL checks, a printable location without the password, row
// types as the contract wants them (ISO timestamps, JSON kept as text, bigints as numbers), and one-line
// errors for the mistakes users make (wrong host, wrong password, no such database).
import pg from "pg";
import { InputError, oneLine } from "../../core/errors.js";
import { redactPgUrl } from "./url.js";

export { isPostgresUrl, redactPgUrl } from "./url.js";

const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const JSON_OID = 114;
const INT8 = 20;
const baseTimestamp = pg.types.getTypeParser(TIMESTAMPTZ);

/** How rows come back: times as ISO strings (as the SQLite backend stores them), JSON untouched. */
const storeTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (v: string) => (baseTimestamp(v) as Date).toISOString();
    if (oid === JSON_OID) return (v: string) => v;
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

export interface PgPoolOptions {
  /** Connections this process keeps at most (default 10). */
  max?: number;
  /** Seconds to wait for a connection before failing a query (default 10). */
  connectTimeoutMs?: number;
  applicationName?: string;
}

export function createPool(url: string, opts: PgPoolOptions = {}): pg.Pool {
  try {
    new URL(url);
  } catch {
    throw new InputError(`--store: not a valid PostgreSQL URL: ${redactPgUrl(url)}`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? "rampart",
    types: storeTypes,
  });
  // An idle connection dropped by the server (restart, failover) must not crash the process: the pool
  // discards it and the next query opens a new one.
  pool.on("error", () => undefined);
  return pool;
}

/** A connection failure as one line naming the database (never the password). */
export function connectError(url: string, e: unknown): InputError {
  const err = e as { code?: string; message?: string };
  const hint =
    err.code === "ECONNREFUSED"
      ? "nothing listens there (is PostgreSQL running?)"
      : err.code === "28P01" || err.code === "28000"
        ? "authentication failed"
        : err.code === "3D000"
          ? "no such database (create it first: createdb …)"
          : oneLine(e);
  return new InputError(`cannot use the PostgreSQL store ${redactPgUrl(url)}: ${hint}`, { cause: e });
}
