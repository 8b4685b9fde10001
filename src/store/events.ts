// Append-only access to the events outbox (migration 4). Appending joins the caller's transaction when one
// is open (better-sqlite3 nests them), so a run and its events commit together.
import type Database from "better-sqlite3";
import type { RampartEvent } from "../monitor/events.js";
import { targetKey } from "./target.js";

export interface StoredEvent {
  seq: number;
  event: RampartEvent;
}

export function appendEvents(db: Database.Database, events: readonly RampartEvent[]): void {
  const insert = db.prepare(
    `INSERT INTO events (id, type, created_at, monitor_id, target_key, scan_id, severity, body_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const e of events) {
      insert.run(e.id, e.type, e.createdAt, e.monitor?.id ?? null, targetKey(e.target), e.scanId, e.severity, JSON.stringify(e));
    }
  })();
}

/** Events after `afterSeq`, oldest first: a sender's cursor. */
export function eventsAfter(db: Database.Database, afterSeq: number, limit = 500): StoredEvent[] {
  const rows = db
    .prepare("SELECT seq, body_json FROM events WHERE seq > ? ORDER BY seq LIMIT ?")
    .all(afterSeq, limit) as { seq: number; body_json: string }[];
  return rows.map((r) => ({ seq: r.seq, event: JSON.parse(r.body_json) as RampartEvent }));
}
