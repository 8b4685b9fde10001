// Appending to the events outbox on PostgreSQL. Identity values are handed out when a row is inserted but
// become visible when its transaction commits, so two appenders could commit seq 6 before seq 5 and a reader
// of "events after 5" would skip 5 for good. Every appending transaction therefore holds one advisory lock
// until it commits: seq values commit in order, as they do under SQLite's single writer.
import type pg from "pg";
import type { RampartEvent } from "../../monitor/events.js";
import { targetKey } from "../target.js";
import { EVENTS_LOCK_KEY } from "./migrations.js";

export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

const APPEND_EVENT_SQL = `INSERT INTO events (id, type, created_at, monitor_id, target_key, scan_id, severity, body_json)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

/** Appends inside the caller's transaction (`client` must be in one: the lock lasts until it commits). */
export async function appendPgEvents(client: Queryable, events: readonly RampartEvent[]): Promise<void> {
  if (events.length === 0) return;
  await client.query("SELECT pg_advisory_xact_lock($1)", [EVENTS_LOCK_KEY.toString()]);
  for (const e of events) {
    await client.query(APPEND_EVENT_SQL, [e.id, e.type, e.createdAt, e.monitor?.id ?? null, targetKey(e.target), e.scanId, e.severity, JSON.stringify(e)]);
  }
}

/** Runs `fn` in one transaction on one connection of `pool`; rolls back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
