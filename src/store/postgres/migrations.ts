// PostgreSQL schema steps of the store (their own numbering, independent of SQLite's user_version). Applied
// under a transaction-scoped advisory lock, so any number of servers and workers starting at once apply each
// step exactly once; the others wait for the lock and find nothing left to do. Never edit a shipped step.
import type { PoolClient } from "pg";
import { InputError } from "../../core/errors.js";

export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

/** pg_advisory_xact_lock key: "rampart" in ASCII, so other applications' locks do not collide with ours. */
export const MIGRATION_LOCK_KEY = 0x72616d70617274n;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: "scans, sealed identities, API tokens, triage and the events outbox (SQLite steps 1-4)",
    sql: `
      CREATE TABLE scans (
        id             TEXT PRIMARY KEY,
        target         TEXT NOT NULL,
        target_key     TEXT NOT NULL,
        spec_url       TEXT,
        started_at     TIMESTAMPTZ NOT NULL,
        finished_at    TIMESTAMPTZ,
        status         TEXT NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
        pid            INTEGER,
        hostname       TEXT,
        error          TEXT,
        score          INTEGER,
        grade          TEXT,
        critical       INTEGER NOT NULL DEFAULT 0,
        high           INTEGER NOT NULL DEFAULT 0,
        medium         INTEGER NOT NULL DEFAULT 0,
        low            INTEGER NOT NULL DEFAULT 0,
        info           INTEGER NOT NULL DEFAULT 0,
        findings_total INTEGER NOT NULL DEFAULT 0,
        duration_ms    INTEGER,
        requests_sent  INTEGER,
        tool_version   TEXT,
        -- json, not jsonb: reports come back byte for byte as they were stored (key order included).
        options_json   JSON NOT NULL DEFAULT '{}',
        report_json    JSON
      );
      CREATE INDEX scans_target_started ON scans (target_key, started_at DESC);
      CREATE INDEX scans_started ON scans (started_at DESC, id DESC);
      CREATE INDEX scans_live ON scans (status) WHERE status IN ('queued', 'running');

      CREATE TABLE target_identities (
        target_key  TEXT NOT NULL,
        label       TEXT NOT NULL,
        summary     TEXT NOT NULL,
        sealed      TEXT NOT NULL,
        key_id      TEXT NOT NULL,
        created_at  TIMESTAMPTZ NOT NULL,
        updated_at  TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (target_key, label)
      );

      CREATE TABLE api_tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        token_hash   TEXT NOT NULL UNIQUE,
        created_at   TIMESTAMPTZ NOT NULL,
        last_used_at TIMESTAMPTZ,
        revoked_at   TIMESTAMPTZ
      );

      CREATE TABLE triage (
        target_key  TEXT NOT NULL,
        finding_id  TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('accepted', 'false-positive')),
        reason      TEXT NOT NULL,
        expires     TEXT,
        check_id    TEXT,
        updated_at  TIMESTAMPTZ NOT NULL,
        updated_by  TEXT,
        PRIMARY KEY (target_key, finding_id)
      );

      CREATE TABLE events (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        type        TEXT NOT NULL,
        created_at  TIMESTAMPTZ NOT NULL,
        monitor_id  TEXT,
        target_key  TEXT NOT NULL,
        scan_id     TEXT,
        severity    TEXT,
        body_json   JSON NOT NULL
      );
      CREATE INDEX events_monitor ON events (monitor_id, seq);
    `,
  },
];

export const PG_SCHEMA_VERSION = PG_MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Brings the schema up to date in one transaction holding the migration lock; returns the version before
 * and after. A database newer than this Rampart is refused with a one-line error.
 */
export async function migratePg(client: PoolClient, migrations: readonly PgMigration[] = PG_MIGRATIONS): Promise<{ from: number; to: number }> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY.toString()]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS rampart_schema (
         version     INTEGER PRIMARY KEY,
         description TEXT NOT NULL,
         applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
       )`,
    );
    const current = Number((await client.query<{ v: number | null }>("SELECT MAX(version) AS v FROM rampart_schema")).rows[0]?.v ?? 0);
    if (current > latest) {
      throw new InputError(`PostgreSQL store schema version ${current} is newer than this Rampart understands (${latest}); upgrade Rampart`);
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      await client.query(m.sql);
      await client.query("INSERT INTO rampart_schema (version, description) VALUES ($1, $2)", [m.version, m.description]);
    }
    await client.query("COMMIT");
    return { from: current, to: Math.max(current, latest) };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  }
}
