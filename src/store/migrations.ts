// Versioned schema steps. PRAGMA user_version records how many have run; never edit a shipped step,
// append a new one.
import type Database from "better-sqlite3";
import { InputError } from "../core/errors.js";

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "scans table with summary columns and report JSON",
    sql: `
      CREATE TABLE scans (
        id             TEXT PRIMARY KEY,
        target         TEXT NOT NULL,
        target_key     TEXT NOT NULL,
        spec_url       TEXT,
        started_at     TEXT NOT NULL,
        finished_at    TEXT,
        status         TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
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
        options_json   TEXT NOT NULL DEFAULT '{}',
        report_json    TEXT
      );
      CREATE INDEX scans_target_started ON scans (target_key, started_at DESC);
      CREATE INDEX scans_started ON scans (started_at DESC);
      CREATE INDEX scans_status ON scans (status) WHERE status = 'running';
    `,
  },
  {
    version: 2,
    description: "identities per target for authenticated server scans, sealed with AES-256-GCM",
    sql: `
      CREATE TABLE target_identities (
        target_key  TEXT NOT NULL,
        label       TEXT NOT NULL,
        summary     TEXT NOT NULL,
        sealed      TEXT NOT NULL,
        key_id      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (target_key, label)
      );
    `,
  },
  {
    version: 3,
    description: "server: queued and cancelled scan states, API tokens, finding triage per target",
    // SQLite cannot change a CHECK constraint in place: rebuild the scans table (same columns, wider status).
    sql: `
      CREATE TABLE scans_v2 (
        id             TEXT PRIMARY KEY,
        target         TEXT NOT NULL,
        target_key     TEXT NOT NULL,
        spec_url       TEXT,
        started_at     TEXT NOT NULL,
        finished_at    TEXT,
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
        options_json   TEXT NOT NULL DEFAULT '{}',
        report_json    TEXT
      );
      INSERT INTO scans_v2 SELECT id, target, target_key, spec_url, started_at, finished_at, status, pid, hostname, error,
        score, grade, critical, high, medium, low, info, findings_total, duration_ms, requests_sent, tool_version,
        options_json, report_json FROM scans;
      DROP TABLE scans;
      ALTER TABLE scans_v2 RENAME TO scans;
      CREATE INDEX scans_target_started ON scans (target_key, started_at DESC);
      CREATE INDEX scans_started ON scans (started_at DESC);
      CREATE INDEX scans_status ON scans (status) WHERE status IN ('queued', 'running');

      CREATE TABLE api_tokens (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
        token_hash   TEXT NOT NULL UNIQUE,
        created_at   TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at   TEXT
      );

      CREATE TABLE triage (
        target_key  TEXT NOT NULL,
        finding_id  TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('accepted', 'false-positive')),
        reason      TEXT NOT NULL,
        expires     TEXT,
        check_id    TEXT,
        updated_at  TEXT NOT NULL,
        updated_by  TEXT,
        PRIMARY KEY (target_key, finding_id)
      );
    `,
  },
  {
    version: 4,
    description: "monitoring events outbox, appended with the run that raised them and read in seq order",
    sql: `
      CREATE TABLE events (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        id          TEXT NOT NULL UNIQUE,
        type        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        monitor_id  TEXT,
        target_key  TEXT NOT NULL,
        scan_id     TEXT,
        severity    TEXT,
        body_json   TEXT NOT NULL
      );
      CREATE INDEX events_monitor ON events (monitor_id, seq);
    `,
  },
  {
    version: 5,
    description: "monitors: scheduled rescans of a target, and one row per run with its change summary",
    sql: `
      CREATE TABLE monitors (
        id            TEXT PRIMARY KEY,
        name          TEXT,
        target        TEXT NOT NULL,
        target_key    TEXT NOT NULL,
        spec_url      TEXT,
        options_json  TEXT NOT NULL DEFAULT '{}',
        schedule_json TEXT NOT NULL,
        paused        INTEGER NOT NULL DEFAULT 0,
        next_run_at   TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        created_by    TEXT
      );
      CREATE INDEX monitors_due ON monitors (next_run_at) WHERE paused = 0;

      CREATE TABLE monitor_runs (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        monitor_id    TEXT NOT NULL REFERENCES monitors (id) ON DELETE CASCADE,
        scan_id       TEXT,
        scheduled_for TEXT NOT NULL,
        started_at    TEXT NOT NULL,
        finished_at   TEXT,
        status        TEXT NOT NULL CHECK (status IN ('running', 'completed', 'failed', 'cancelled')),
        reachable     INTEGER,
        score         INTEGER,
        grade         TEXT,
        error         TEXT,
        events        INTEGER NOT NULL DEFAULT 0,
        changes_json  TEXT
      );
      CREATE INDEX monitor_runs_monitor ON monitor_runs (monitor_id, id DESC);
    `,
  },
  {
    version: 6,
    description: "webhook endpoints (sealed URL and secrets, rotation overlap), per-endpoint deliveries and the fan-out cursor",
    sql: `
      CREATE TABLE webhook_endpoints (
        id                    TEXT PRIMARY KEY,
        format                TEXT NOT NULL CHECK (format IN ('json', 'slack', 'teams', 'email')),
        url_sealed            TEXT NOT NULL,
        url_display           TEXT NOT NULL,
        description           TEXT,
        events_json           TEXT NOT NULL,
        min_severity          TEXT,
        active                INTEGER NOT NULL DEFAULT 1,
        secret_sealed         TEXT NOT NULL,
        previous_secret_sealed TEXT,
        previous_expires_at   TEXT,
        key_id                TEXT NOT NULL,
        from_seq              INTEGER NOT NULL,
        created_at            TEXT NOT NULL,
        updated_at            TEXT NOT NULL
      );

      CREATE TABLE webhook_deliveries (
        id              INTEGER PRIMARY KEY AUTOINCREMENT,
        endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
        event_seq       INTEGER NOT NULL,
        event_id        TEXT NOT NULL,
        event_type      TEXT NOT NULL,
        order_key       TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        window_start    INTEGER NOT NULL,
        next_attempt_at INTEGER NOT NULL,
        last_attempt_at TEXT,
        last_status     INTEGER,
        last_error      TEXT,
        created_at      TEXT NOT NULL,
        delivered_at    TEXT,
        dead_at         TEXT,
        UNIQUE (endpoint_id, event_seq)
      );
      CREATE INDEX webhook_deliveries_order ON webhook_deliveries (endpoint_id, order_key, event_seq) WHERE status = 'pending';
      CREATE INDEX webhook_deliveries_status ON webhook_deliveries (status, id);

      CREATE TABLE webhook_cursor (
        name TEXT PRIMARY KEY,
        seq  INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    description: "webhook delivery leases: a sender holds a delivery while it attempts it, so two senders never send one at once",
    sql: `
      ALTER TABLE webhook_deliveries ADD COLUMN lease_until INTEGER;
      ALTER TABLE webhook_deliveries ADD COLUMN lease_owner TEXT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Brings the schema up to date inside one write transaction, so concurrent openers apply each step once. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const run = db.transaction(() => {
    const current = Number(db.pragma("user_version", { simple: true }));
    if (current > latest) {
      throw new InputError(
        `scan database schema version ${current} is newer than this Rampart understands (${latest}); upgrade Rampart`,
      );
    }
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
    return Math.max(current, latest);
  });
  return run.immediate();
}
