// Webhook persistence (migration 6): endpoints, one delivery row per (event, endpoint), and the fan-out
// cursor over the events outbox. Sealed values are opaque strings here; src/webhooks seals and opens them.
// Everything a sender decides is written before and after each attempt, so a crash at any point leaves a
// pending row that the next process sends again (a duplicate at worst, never a gap).
import type Database from "better-sqlite3";

export const DELIVERY_STATUSES = ["pending", "delivered", "dead"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface EndpointRow {
  id: string;
  format: string;
  url_sealed: string;
  url_display: string;
  description: string | null;
  events_json: string;
  min_severity: string | null;
  active: number;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_expires_at: string | null;
  key_id: string;
  from_seq: number;
  created_at: string;
  updated_at: string;
}

export interface DeliveryRow {
  id: number;
  endpoint_id: string;
  event_seq: number;
  event_id: string;
  event_type: string;
  order_key: string;
  status: DeliveryStatus;
  attempts: number;
  window_start: number;
  next_attempt_at: number;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  dead_at: string | null;
  /** Until when (ms) a sender holds it for an attempt; null when nobody does. */
  lease_until?: number | null;
  lease_owner?: string | null;
}

/** A delivery as listed: the row plus the monitor and target of its event (read from the outbox). */
export interface ListedDelivery extends DeliveryRow {
  monitor_id: string | null;
  /** The monitor's name as the event carried it. */
  monitor_name: string | null;
  target: string | null;
}

/** A delivery due now, with what the sender needs to send it. */
export interface DueDelivery extends DeliveryRow {
  body_json: string;
}

/** The fields of an event the fan-out filters on (read from columns, the body is not parsed). */
export interface FanOutEvent {
  seq: number;
  id: string;
  type: string;
  monitor_id: string | null;
  target_key: string;
  severity: string | null;
}

const CURSOR = "fanout";

export function insertEndpoint(db: Database.Database, row: EndpointRow): void {
  db.prepare(
    `INSERT INTO webhook_endpoints (id, format, url_sealed, url_display, description, events_json, min_severity, active,
       secret_sealed, previous_secret_sealed, previous_expires_at, key_id, from_seq, created_at, updated_at)
     VALUES (@id, @format, @url_sealed, @url_display, @description, @events_json, @min_severity, @active,
       @secret_sealed, @previous_secret_sealed, @previous_expires_at, @key_id, @from_seq, @created_at, @updated_at)`,
  ).run(row);
}

export function getEndpoint(db: Database.Database, id: string): EndpointRow | null {
  return (db.prepare("SELECT * FROM webhook_endpoints WHERE id = ?").get(id) as EndpointRow | undefined) ?? null;
}

export function listEndpoints(db: Database.Database): EndpointRow[] {
  return db.prepare("SELECT * FROM webhook_endpoints ORDER BY created_at, id").all() as EndpointRow[];
}

export type EndpointPatch = Partial<Omit<EndpointRow, "id" | "created_at" | "from_seq">>;

export function updateEndpoint(db: Database.Database, id: string, patch: EndpointPatch): EndpointRow | null {
  const fields = Object.keys(patch).filter((k) => (patch as Record<string, unknown>)[k] !== undefined);
  if (fields.length > 0) {
    db.prepare(`UPDATE webhook_endpoints SET ${fields.map((f) => `${f} = @${f}`).join(", ")} WHERE id = @id`).run({ ...patch, id });
  }
  return getEndpoint(db, id);
}

/** Removes the endpoint and (by cascade) its deliveries. */
export function deleteEndpoint(db: Database.Database, id: string): boolean {
  return db.prepare("DELETE FROM webhook_endpoints WHERE id = ?").run(id).changes > 0;
}

/** The newest event's seq: a new endpoint receives only events after it. */
export function latestEventSeq(db: Database.Database): number {
  return (db.prepare("SELECT COALESCE(MAX(seq), 0) AS s FROM events").get() as { s: number }).s;
}

export function fanOutCursor(db: Database.Database): number {
  return (db.prepare("SELECT seq FROM webhook_cursor WHERE name = ?").get(CURSOR) as { seq: number } | undefined)?.seq ?? 0;
}

/**
 * Turns up to `limit` new events into delivery rows for the endpoints `matches` accepts, and advances the
 * cursor, in one transaction. SQLite serialises writers, so seq values commit in order and the cursor never
 * skips an event that commits later (a PostgreSQL port must keep that property, e.g. with a lock).
 * Returns how many events were read.
 */
export function fanOut(
  db: Database.Database,
  matches: (endpoint: EndpointRow, event: FanOutEvent) => boolean,
  now: Date,
  limit = 500,
): { events: number; deliveries: number } {
  return db.transaction(() => {
    const after = fanOutCursor(db);
    const events = db
      .prepare("SELECT seq, id, type, monitor_id, target_key, severity FROM events WHERE seq > ? ORDER BY seq LIMIT ?")
      .all(after, limit) as FanOutEvent[];
    if (events.length === 0) return { events: 0, deliveries: 0 };
    const endpoints = listEndpoints(db);
    const insert = db.prepare(
      `INSERT OR IGNORE INTO webhook_deliveries (endpoint_id, event_seq, event_id, event_type, order_key, status, attempts,
         window_start, next_attempt_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)`,
    );
    const ms = now.getTime();
    const iso = now.toISOString();
    let deliveries = 0;
    for (const e of events) {
      for (const ep of endpoints) {
        if (e.seq <= ep.from_seq || !matches(ep, e)) continue;
        // Order is kept per monitor (per target for events no monitor raised).
        const orderKey = e.monitor_id ? `m:${e.monitor_id}` : `t:${e.target_key}`;
        deliveries += insert.run(ep.id, e.seq, e.id, e.type, orderKey, ms, ms, iso).changes;
      }
    }
    const last = (events[events.length - 1] as FanOutEvent).seq;
    db.prepare("INSERT INTO webhook_cursor (name, seq) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq").run(CURSOR, last);
    return { events: events.length, deliveries };
  })();
}

/**
 * Deliveries that may go out now: for each (endpoint, monitor) the oldest pending one only, and only when
 * it is due, no sender holds it and its endpoint is active. Later ones wait behind it, which keeps
 * per-monitor order.
 */
export function dueDeliveries(db: Database.Database, nowMs: number, limit: number, exclude: ReadonlySet<number>): DueDelivery[] {
  const rows = db
    .prepare(
      `SELECT d.*, e.body_json FROM (
         SELECT endpoint_id, order_key, MIN(event_seq) AS head FROM webhook_deliveries WHERE status = 'pending'
         GROUP BY endpoint_id, order_key
       ) h
       JOIN webhook_deliveries d ON d.endpoint_id = h.endpoint_id AND d.order_key = h.order_key AND d.event_seq = h.head
       JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active = 1
       JOIN events e ON e.seq = d.event_seq
       WHERE d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until <= ?)
       ORDER BY d.next_attempt_at, d.event_seq
       LIMIT ?`,
    )
    .all(nowMs, nowMs, limit + exclude.size) as DueDelivery[];
  return rows.filter((r) => !exclude.has(r.id)).slice(0, limit);
}

/** When the next pending delivery of an active endpoint can be claimed (ms), or null when none is pending. */
export function nextDueAt(db: Database.Database): number | null {
  const row = db
    .prepare(
      `SELECT MIN(MAX(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS t FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active = 1
       WHERE d.status = 'pending'`,
    )
    .get() as { t: number | null };
  return row.t;
}

export interface AttemptRecord {
  at: Date;
  status: number | null;
  error: string | null;
}

/**
 * Claims due deliveries for `owner` (see dueDeliveries) until `nowMs + leaseMs`, skipping those another
 * sender holds. One immediate transaction: SQLite serialises writers, so two senders never claim one row.
 */
export function claimDue(db: Database.Database, owner: string, nowMs: number, limit: number, leaseMs: number): DueDelivery[] {
  const lease = db.prepare("UPDATE webhook_deliveries SET lease_until = ?, lease_owner = ? WHERE id = ?");
  return db
    .transaction(() => {
      const due = dueDeliveries(db, nowMs, limit, new Set());
      for (const d of due) lease.run(nowMs + leaseMs, owner, d.id);
      return due;
    })
    .immediate();
}

export function markDelivered(db: Database.Database, id: number, owner: string, attempt: AttemptRecord): void {
  db.prepare(
    `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = NULL,
       delivered_at = ?, lease_until = NULL, lease_owner = NULL WHERE id = ? AND status = 'pending' AND lease_owner = ?`,
  ).run(attempt.at.toISOString(), attempt.status, attempt.at.toISOString(), id, owner);
}

/** A failed attempt: retried at `nextAttemptAt`, or dead-lettered when `dead`. */
export function markFailed(db: Database.Database, id: number, owner: string, attempt: AttemptRecord & { nextAttemptAt: number; dead: boolean }): void {
  db.prepare(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = ?, last_status = ?, last_error = ?, next_attempt_at = ?,
       status = CASE WHEN ? THEN 'dead' ELSE 'pending' END, dead_at = CASE WHEN ? THEN ? ELSE NULL END, lease_until = NULL, lease_owner = NULL
     WHERE id = ? AND status = 'pending' AND lease_owner = ?`,
  ).run(
    attempt.at.toISOString(),
    attempt.status,
    attempt.error,
    attempt.nextAttemptAt,
    attempt.dead ? 1 : 0,
    attempt.dead ? 1 : 0,
    attempt.at.toISOString(),
    id,
    owner,
  );
}

/** Frees the leases whose owner `isGone` says has stopped; returns how many rows were freed. */
export function releaseLeases(db: Database.Database, isGone: (owner: string) => boolean): number {
  const owners = (db.prepare("SELECT DISTINCT lease_owner AS o FROM webhook_deliveries WHERE lease_owner IS NOT NULL").all() as { o: string }[])
    .map((r) => r.o)
    .filter(isGone);
  const free = db.prepare("UPDATE webhook_deliveries SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ?");
  return db.transaction(() => owners.reduce((n, o) => n + free.run(o).changes, 0))();
}

export interface ListDeliveriesInput {
  endpointId?: string;
  /** Deliveries of the events this monitor raised. */
  monitorId?: string;
  status?: DeliveryStatus;
  limit: number;
  /** Paging: rows with a smaller id (newest first). */
  beforeId?: number;
  /** Paging by position (the CLI's --offset); the API pages with beforeId, which stays stable while rows arrive. */
  offset?: number;
}

/** The delivery columns plus the event's monitor and target (listings and the redelivery answer). */
const LISTED_SQL = `SELECT d.*, e.monitor_id AS monitor_id, json_extract(e.body_json, '$.monitor.name') AS monitor_name,
  json_extract(e.body_json, '$.target') AS target FROM webhook_deliveries d LEFT JOIN events e ON e.seq = d.event_seq`;

export function listDeliveries(db: Database.Database, input: ListDeliveriesInput): ListedDelivery[] {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const add = (clause: string, value: string | number): void => {
    where.push(clause);
    args.push(value);
  };
  if (input.endpointId) add("d.endpoint_id = ?", input.endpointId);
  if (input.monitorId) add("e.monitor_id = ?", input.monitorId);
  if (input.status) add("d.status = ?", input.status);
  if (input.beforeId !== undefined) add("d.id < ?", input.beforeId);
  const sql = `${LISTED_SQL} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY d.id DESC LIMIT ? OFFSET ?`;
  return db.prepare(sql).all(...args, input.limit, input.offset ?? 0) as ListedDelivery[];
}

export function getDelivery(db: Database.Database, id: number): ListedDelivery | null {
  return (db.prepare(`${LISTED_SQL} WHERE d.id = ?`).get(id) as ListedDelivery | undefined) ?? null;
}

export function deliveryCounts(db: Database.Database, endpointId: string): Record<DeliveryStatus, number> {
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 };
  const rows = db.prepare("SELECT status, COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? GROUP BY status").all(endpointId) as {
    status: DeliveryStatus;
    n: number;
  }[];
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/**
 * Queues deliveries again (manual redelivery): dead ones, or delivered ones a receiver lost. They get a fresh
 * retry window and go out in their original order. Returns the rows changed.
 */
export function requeueDeliveries(db: Database.Database, ids: readonly number[], nowMs: number): number {
  const stmt = db.prepare(
    `UPDATE webhook_deliveries SET status = 'pending', window_start = ?, next_attempt_at = ?, dead_at = NULL, delivered_at = NULL,
       lease_until = NULL, lease_owner = NULL WHERE id = ? AND status != 'pending'`,
  );
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(nowMs, nowMs, id).changes, 0))();
}

/** Every dead delivery of an endpoint, oldest first (for "redeliver all"). */
export function deadDeliveryIds(db: Database.Database, endpointId: string): number[] {
  return (db.prepare("SELECT id FROM webhook_deliveries WHERE endpoint_id = ? AND status = 'dead' ORDER BY event_seq").all(endpointId) as { id: number }[]).map(
    (r) => r.id,
  );
}
