// Webhook endpoints, deliveries and the fan-out cursor on PostgreSQL (schema step 2): the rows and rules of
// src/store/webhooks.ts, made safe for many processes. The fan-out holds an advisory lock so one process at
// a time advances the cursor; senders claim due deliveries with FOR UPDATE SKIP LOCKED and a lease, so two
// servers never attempt the same delivery at the same moment.
import type pg from "pg";
import type { WebhookRepository } from "../contract.js";
import type { DeliveryStatus, DueDelivery, EndpointRow, FanOutEvent, ListedDelivery } from "../webhooks.js";
import { inTransaction } from "./events.js";
import { FANOUT_LOCK_KEY } from "./migrations.js";

const CURSOR = "fanout";

const ENDPOINT_COLUMNS = `id, format, url_sealed, url_display, description, events_json, min_severity, active::int AS active, secret_sealed,
  previous_secret_sealed, previous_expires_at, key_id, from_seq, created_at, updated_at`;
const ENDPOINT_FIELDS = new Set([
  "format", "url_sealed", "url_display", "description", "events_json", "min_severity", "active", "secret_sealed",
  "previous_secret_sealed", "previous_expires_at", "key_id", "updated_at",
]);

/** The claim: heads of each (endpoint, monitor) queue that are due, unleased and not locked by another claimer. */
const CLAIM_SQL = `
  WITH heads AS (
    SELECT DISTINCT ON (endpoint_id, order_key) id FROM webhook_deliveries
    WHERE status = 'pending' ORDER BY endpoint_id, order_key, event_seq
  ), picked AS (
    SELECT d.id FROM webhook_deliveries d
    JOIN heads h ON h.id = d.id
    JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active
    WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.lease_until IS NULL OR d.lease_until <= $1)
    ORDER BY d.next_attempt_at, d.event_seq
    LIMIT $2
    FOR UPDATE OF d SKIP LOCKED
  )
  UPDATE webhook_deliveries d SET lease_until = $3, lease_owner = $4
  FROM picked, events e
  WHERE d.id = picked.id AND e.seq = d.event_seq
  RETURNING d.*, e.body_json`;

/** The delivery columns plus the event's monitor and target, as on SQLite. */
const LISTED_SQL = `SELECT d.*, e.monitor_id AS monitor_id, e.body_json->'monitor'->>'name' AS monitor_name, e.body_json->>'target' AS target
  FROM webhook_deliveries d LEFT JOIN events e ON e.seq = d.event_seq`;

export function pgWebhookRepository(pool: pg.Pool): WebhookRepository {
  const endpoint = async (q: Pick<pg.Pool, "query">, id: string): Promise<EndpointRow | null> =>
    (await q.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = $1`, [id])).rows[0] ?? null;
  const listEndpoints = async (q: Pick<pg.Pool, "query">): Promise<EndpointRow[]> =>
    (await q.query<EndpointRow>(`SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`)).rows;

  return {
    insertEndpoint: async (row) => {
      await pool.query(
        `INSERT INTO webhook_endpoints (id, format, url_sealed, url_display, description, events_json, min_severity, active,
           secret_sealed, previous_secret_sealed, previous_expires_at, key_id, from_seq, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
        [
          row.id, row.format, row.url_sealed, row.url_display, row.description, row.events_json, row.min_severity, row.active === 1,
          row.secret_sealed, row.previous_secret_sealed, row.previous_expires_at, row.key_id, row.from_seq, row.created_at, row.updated_at,
        ],
      );
    },
    getEndpoint: async (id) => endpoint(pool, id),
    listEndpoints: async () => listEndpoints(pool),
    updateEndpoint: async (id, patch) => {
      const fields = Object.keys(patch).filter((k) => ENDPOINT_FIELDS.has(k) && (patch as Record<string, unknown>)[k] !== undefined);
      if (fields.length > 0) {
        const values = fields.map((f) => (f === "active" ? patch.active === 1 : (patch as Record<string, unknown>)[f]));
        await pool.query(`UPDATE webhook_endpoints SET ${fields.map((f, i) => `${f} = $${i + 1}`).join(", ")} WHERE id = $${fields.length + 1}`, [
          ...values,
          id,
        ]);
      }
      return endpoint(pool, id);
    },
    deleteEndpoint: async (id) => ((await pool.query("DELETE FROM webhook_endpoints WHERE id = $1", [id])).rowCount ?? 0) > 0,
    latestEventSeq: async () => Number((await pool.query<{ s: number }>("SELECT COALESCE(MAX(seq), 0) AS s FROM events")).rows[0]?.s ?? 0),
    fanOut: async (matches, now, limit = 500) =>
      inTransaction(pool, async (c) => {
        await c.query("SELECT pg_advisory_xact_lock($1)", [FANOUT_LOCK_KEY.toString()]);
        const after = Number((await c.query<{ seq: number }>("SELECT seq FROM webhook_cursor WHERE name = $1", [CURSOR])).rows[0]?.seq ?? 0);
        const events = (
          await c.query<FanOutEvent>("SELECT seq, id, type, monitor_id, target_key, severity FROM events WHERE seq > $1 ORDER BY seq LIMIT $2", [
            after,
            limit,
          ])
        ).rows;
        if (events.length === 0) return { events: 0, deliveries: 0 };
        const endpoints = await listEndpoints(c);
        const cols: [string[], number[], string[], string[], string[]] = [[], [], [], [], []];
        for (const e of events) {
          for (const ep of endpoints) {
            if (e.seq <= ep.from_seq || !matches(ep, e)) continue;
            cols[0].push(ep.id);
            cols[1].push(e.seq);
            cols[2].push(e.id);
            cols[3].push(e.type);
            // Order is kept per monitor (per target for events no monitor raised).
            cols[4].push(e.monitor_id ? `m:${e.monitor_id}` : `t:${e.target_key}`);
          }
        }
        let deliveries = 0;
        if (cols[0].length > 0) {
          const r = await c.query(
            `INSERT INTO webhook_deliveries (endpoint_id, event_seq, event_id, event_type, order_key, status, attempts, window_start,
               next_attempt_at, created_at)
             SELECT u.e, u.s, u.i, u.t, u.o, 'pending', 0, $6::bigint, $6::bigint, $7::timestamptz
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[]) AS u(e, s, i, t, o)
             ON CONFLICT DO NOTHING`,
            [...cols, now.getTime(), now.toISOString()],
          );
          deliveries = r.rowCount ?? 0;
        }
        const last = (events[events.length - 1] as FanOutEvent).seq;
        await c.query("INSERT INTO webhook_cursor (name, seq) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET seq = excluded.seq", [CURSOR, last]);
        return { events: events.length, deliveries };
      }),
    claimDue: async (owner, nowMs, limit, leaseMs) => {
      if (limit <= 0) return [];
      const { rows } = await pool.query<DueDelivery>(CLAIM_SQL, [nowMs, limit, nowMs + leaseMs, owner]);
      return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at || a.event_seq - b.event_seq);
    },
    nextDueAt: async () => {
      const { rows } = await pool.query<{ t: number | null }>(
        `SELECT MIN(GREATEST(d.next_attempt_at, COALESCE(d.lease_until, 0))) AS t FROM webhook_deliveries d
         JOIN webhook_endpoints w ON w.id = d.endpoint_id AND w.active WHERE d.status = 'pending'`,
      );
      return rows[0]?.t ?? null;
    },
    markDelivered: async (id, owner, attempt) => {
      await pool.query(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $1, last_status = $2, last_error = NULL,
           delivered_at = $1, lease_until = NULL, lease_owner = NULL WHERE id = $3 AND status = 'pending' AND lease_owner = $4`,
        [attempt.at.toISOString(), attempt.status, id, owner],
      );
    },
    markFailed: async (id, owner, attempt) => {
      await pool.query(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $1, last_status = $2, last_error = $3, next_attempt_at = $4,
           status = CASE WHEN $5 THEN 'dead' ELSE 'pending' END, dead_at = CASE WHEN $5 THEN $1::timestamptz ELSE NULL END,
           lease_until = NULL, lease_owner = NULL
         WHERE id = $6 AND status = 'pending' AND lease_owner = $7`,
        [attempt.at.toISOString(), attempt.status, attempt.error, attempt.nextAttemptAt, attempt.dead, id, owner],
      );
    },
    releaseLeases: async (isGone) => {
      const owners = (await pool.query<{ o: string }>("SELECT DISTINCT lease_owner AS o FROM webhook_deliveries WHERE lease_owner IS NOT NULL")).rows
        .map((r) => r.o)
        .filter(isGone);
      if (owners.length === 0) return 0;
      const r = await pool.query("UPDATE webhook_deliveries SET lease_until = NULL, lease_owner = NULL WHERE lease_owner = ANY($1)", [owners]);
      return r.rowCount ?? 0;
    },
    listDeliveries: async (input) => {
      const where: string[] = [];
      const args: (string | number)[] = [];
      const add = (clause: string, value: string | number): void => {
        args.push(value);
        where.push(`${clause} $${args.length}`);
      };
      if (input.endpointId) add("d.endpoint_id =", input.endpointId);
      if (input.monitorId) add("e.monitor_id =", input.monitorId);
      if (input.status) add("d.status =", input.status);
      if (input.beforeId !== undefined) add("d.id <", input.beforeId);
      args.push(input.limit, input.offset ?? 0);
      const sql = `${LISTED_SQL} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY d.id DESC LIMIT $${args.length - 1} OFFSET $${args.length}`;
      return (await pool.query<ListedDelivery>(sql, args)).rows;
    },
    getDelivery: async (id) => (await pool.query<ListedDelivery>(`${LISTED_SQL} WHERE d.id = $1`, [id])).rows[0] ?? null,
    deliveryCounts: async (endpointId) => {
      const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, dead: 0 };
      const { rows } = await pool.query<{ status: DeliveryStatus; n: number }>(
        "SELECT status, COUNT(*)::int AS n FROM webhook_deliveries WHERE endpoint_id = $1 GROUP BY status",
        [endpointId],
      );
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },
    requeueDeliveries: async (ids, nowMs) => {
      if (ids.length === 0) return 0;
      const r = await pool.query(
        `UPDATE webhook_deliveries SET status = 'pending', window_start = $1, next_attempt_at = $1, dead_at = NULL, delivered_at = NULL,
           lease_until = NULL, lease_owner = NULL WHERE id = ANY($2) AND status != 'pending'`,
        [nowMs, ids.map(Number)],
      );
      return r.rowCount ?? 0;
    },
    deadDeliveryIds: async (endpointId) =>
      (await pool.query<{ id: number }>("SELECT id FROM webhook_deliveries WHERE endpoint_id = $1 AND status = 'dead' ORDER BY event_seq", [endpointId])).rows.map(
        (r) => Number(r.id),
      ),
  };
}
