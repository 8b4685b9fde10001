// The store contract: everything `rampart serve` (and later its workers) persists, behind one asynchronous
// interface with two backends — the embedded SQLite file (default, zero set-up) and PostgreSQL (many
// processes on many machines). Both backends pass the same test suite (test/store/contract.test.ts).
import type { Finding, ScanReport } from "../core/types.js";
import type { RampartEvent } from "../monitor/events.js";
import type { BeginScanInput, ListInput, ScanSummary, StoredScan, TargetSummary } from "./store.js";
import type { MonitorPatch, MonitorRecord, MonitorRun, NewMonitor, RunOutcome } from "./monitors.js";
import type { Role, TokenRecord } from "./tokens.js";
import type { TriageInput, TriageRecord } from "./triage.js";
import type { AttemptRecord, DeliveryStatus, DueDelivery, EndpointPatch, EndpointRow, FanOutEvent, ListDeliveriesInput, ListedDelivery } from "./webhooks.js";

export type StoreKind = "sqlite" | "postgres";

export interface Page {
  limit?: number;
  offset?: number;
}

export interface ScanRepository {
  /** Inserts a queued or running row; returns its id. Secrets in `options` are remembered to scrub the report. */
  begin(input: BeginScanInput): Promise<string>;
  /** Stores a finished report (replacing the row begun as `beganAs`); `events` commit in the same transaction. */
  complete(report: ScanReport, beganAs?: string, events?: readonly RampartEvent[]): Promise<StoredScan>;
  /** queued → running; false when the scan is no longer queued (cancelled, taken by someone else). */
  markRunning(id: string): Promise<boolean>;
  /** Marks a queued or running scan failed; a finished scan is left as it is. */
  fail(id: string, message: string): Promise<void>;
  /** Marks a queued or running scan cancelled; false when it had already finished. */
  cancel(id: string, message?: string): Promise<boolean>;
  /** By full id or unique prefix; null when nothing matches; an ambiguous prefix is an InputError. */
  get(idOrPrefix: string): Promise<StoredScan | null>;
  /** Newest first. */
  list(input?: ListInput): Promise<ScanSummary[]>;
  count(input?: Omit<ListInput, "limit" | "offset">): Promise<number>;
  /** Targets, newest scan first (a page of them), each with the scores of its last completed scans. */
  targets(opts?: { historyLength?: number; limit?: number; offset?: number }): Promise<TargetSummary[]>;
  /** How many distinct targets have stored scans. */
  targetCount(): Promise<number>;
  /** The two newest completed scans of a target, newest first. */
  latestTwo(target: string): Promise<StoredScan[]>;
  /** The newest completed scan holding a finding with this id (or unique prefix of 4+ characters). */
  findFinding(findingId: string): Promise<{ scan: StoredScan; finding: Finding } | null>;
  /** Marks queued/running rows of this machine whose process is gone as failed; returns their ids. */
  reapInterrupted(isAlive?: (pid: number) => boolean): Promise<string[]>;
}

export interface TriageRepository {
  /** `open` removes the entry; the other states insert or replace it. */
  set(input: TriageInput): Promise<TriageRecord | null>;
  forTarget(target: string, page?: Page): Promise<TriageRecord[]>;
  countForTarget(target: string): Promise<number>;
  /** Target keys with any triage entry. */
  targetKeys(): Promise<Set<string>>;
}

export interface TokenRepository {
  insert(input: { id: string; name: string; role: Role; hash: string }): Promise<TokenRecord>;
  /** The live (not revoked) token with this SHA-256 hash. */
  byHash(hash: string): Promise<TokenRecord | null>;
  /** Records use at most once a minute per token. */
  touch(id: string, now?: Date): Promise<void>;
  list(includeRevoked?: boolean, page?: Page): Promise<TokenRecord[]>;
  /** Live (not revoked) tokens. */
  liveCount(): Promise<number>;
  /** Every token ever made, revoked ones included. */
  total(): Promise<number>;
  revoke(id: string): Promise<TokenRecord | null>;
}

/** A stored identity as sealed by src/server/secrets.ts: the store never sees a secret in the clear. */
export interface SealedIdentityRow {
  targetKey: string;
  label: string;
  /** JSON of the public summary (kinds and header/cookie names). */
  summary: string;
  sealed: string;
  keyId: string;
  createdAt: string;
  updatedAt: string;
}

export interface IdentityRepository {
  /** Inserts or replaces (keeping createdAt of an existing row). */
  put(row: SealedIdentityRow): Promise<void>;
  get(targetKey: string, label: string): Promise<SealedIdentityRow | null>;
  list(targetKey: string): Promise<SealedIdentityRow[]>;
  remove(targetKey: string, label: string): Promise<boolean>;
}

export interface StoredEventRow {
  seq: number;
  event: RampartEvent;
}

export interface EventRepository {
  append(events: readonly RampartEvent[]): Promise<void>;
  /** Events after the cursor `afterSeq`, oldest first. */
  after(afterSeq: number, limit?: number): Promise<StoredEventRow[]>;
}

export interface MonitorRepository {
  insert(input: NewMonitor, now?: Date): Promise<MonitorRecord>;
  get(id: string): Promise<MonitorRecord | null>;
  /** Oldest first; a page of them when `page` is given. */
  list(page?: Page): Promise<MonitorRecord[]>;
  count(): Promise<number>;
  update(id: string, patch: MonitorPatch, now?: Date): Promise<MonitorRecord | null>;
  /** Deletes the monitor and its runs; its events stay in the outbox. */
  remove(id: string): Promise<MonitorRecord | null>;
  /** Not paused, next run at or before `now`, the most overdue first. */
  due(now?: Date): Promise<MonitorRecord[]>;
  setNextRun(id: string, at: string | null): Promise<void>;
  /**
   * Takes the slot `due` (the next_run_at a scheduler read) by moving the monitor on to `next`; false when
   * another scheduler took it first, the monitor was paused or its schedule changed meanwhile. However many
   * servers share the store, each slot fires once.
   */
  claimSlot(id: string, due: string, next: string): Promise<boolean>;
  startRun(monitorId: string, scheduledFor: string, scanId: string | null, now?: Date): Promise<number>;
  attachScan(runId: number, scanId: string): Promise<void>;
  /**
   * Records the end of a run and appends its events to the outbox in the same transaction; false (and no
   * event appended) when the run is gone or already ended.
   */
  finishRun(runId: number, outcome: RunOutcome, events?: readonly RampartEvent[], now?: Date): Promise<boolean>;
  getRun(runId: number): Promise<MonitorRun | null>;
  /** Newest first. */
  runs(monitorId: string, limit?: number): Promise<MonitorRun[]>;
  /** The newest run of each monitor. */
  latestRuns(): Promise<Map<string, MonitorRun>>;
  /** The newest run before `runId` that learned whether the target answers. */
  previousFinished(monitorId: string, runId: number): Promise<MonitorRun | null>;
  /** The newest completed run before `runId`. */
  previousCompleted(monitorId: string, runId: number): Promise<MonitorRun | null>;
  /**
   * Runs a stopped server left running are marked failed (interrupted); returns how many. On SQLite (one
   * server per file) every running run; on PostgreSQL, shared by many servers, only runs whose scan has
   * ended (or that never got one) more than a minute ago, so another server's live run is left alone.
   */
  failInterrupted(now?: Date): Promise<number>;
}

export interface WebhookRepository {
  insertEndpoint(row: EndpointRow): Promise<void>;
  getEndpoint(id: string): Promise<EndpointRow | null>;
  listEndpoints(): Promise<EndpointRow[]>;
  updateEndpoint(id: string, patch: EndpointPatch): Promise<EndpointRow | null>;
  /** Removes the endpoint and its deliveries. */
  deleteEndpoint(id: string): Promise<boolean>;
  /** The newest event's seq: a new endpoint receives only events after it. */
  latestEventSeq(): Promise<number>;
  /**
   * Turns up to `limit` events after the fan-out cursor into delivery rows for the endpoints `matches`
   * accepts and advances the cursor, in one transaction (one process at a time). Returns how many events were read.
   */
  fanOut(matches: (endpoint: EndpointRow, event: FanOutEvent) => boolean, now: Date, limit?: number): Promise<{ events: number; deliveries: number }>;
  /**
   * Claims up to `limit` due deliveries for `owner` until `nowMs + leaseMs`: per (endpoint, monitor) only the
   * oldest pending one, and only when no other sender holds it. Two senders on one store never claim the
   * same delivery while its lease runs.
   */
  claimDue(owner: string, nowMs: number, limit: number, leaseMs: number): Promise<DueDelivery[]>;
  /** When the next pending delivery of an active endpoint can be claimed (ms), or null when none is pending. */
  nextDueAt(): Promise<number | null>;
  /** Marks a delivery `owner` holds as delivered (a lease lost meanwhile makes this a no-op). */
  markDelivered(id: number, owner: string, attempt: AttemptRecord): Promise<void>;
  /** A failed attempt of a delivery `owner` holds: retried at `nextAttemptAt`, or dead-lettered when `dead`. */
  markFailed(id: number, owner: string, attempt: AttemptRecord & { nextAttemptAt: number; dead: boolean }): Promise<void>;
  /** Frees the leases of owners that are gone (a sender that crashed mid-attempt); returns how many. */
  releaseLeases(isGone: (owner: string) => boolean): Promise<number>;
  /** Newest first, each with the monitor and target of its event. */
  listDeliveries(input: ListDeliveriesInput): Promise<ListedDelivery[]>;
  getDelivery(id: number): Promise<ListedDelivery | null>;
  deliveryCounts(endpointId: string): Promise<Record<DeliveryStatus, number>>;
  /** Queues dead or delivered deliveries again with a fresh retry window; returns how many changed. */
  requeueDeliveries(ids: readonly number[], nowMs: number): Promise<number>;
  /** Every dead delivery of an endpoint, oldest first. */
  deadDeliveryIds(endpointId: string): Promise<number[]>;
}

/**
 * How `rampart store copy` moves one table: the portable columns it reads and writes, their order, and how
 * columns that do not travel as they are get there. Sequence numbers of the events outbox are each store's
 * own (events keep their order, not their numbers), so rows pointing at an event carry the event's id and
 * the destination looks its own seq up again.
 */
export interface CopySpec {
  columns: readonly string[];
  key: readonly string[];
  order: string;
  /** Portable columns computed when read (SQL valid on both backends), instead of read as stored. */
  read?: Readonly<Record<string, string>>;
  /** Stored columns computed when written: column → SQL over `:portable` placeholders. */
  write?: Readonly<Record<string, string>>;
  /** Portable columns that are not stored themselves (only read and written through expressions). */
  virtual?: readonly string[];
  /** 0/1 in the portable form and on SQLite, boolean on PostgreSQL. */
  booleans?: readonly string[];
  /** Rows are written only when this portable column names an event the destination holds. */
  needsEvent?: string;
  /** An identity column: PostgreSQL's sequence is moved past the copied ids. */
  identity?: string;
}

/** The seq of the newest event at or before a stored seq, as that event's id (null when there is none). */
const eventAt = (table: string, column: string): string =>
  `(SELECT e.id FROM events e WHERE e.seq <= ${table}.${column} ORDER BY e.seq DESC LIMIT 1)`;
const seqOf = (placeholder: string): string => `COALESCE((SELECT e.seq FROM events e WHERE e.id = ${placeholder}), 0)`;

/** The tables `rampart store copy` moves, in an order that writes every row after the rows it refers to. */
export const COPY_TABLES = {
  scans: {
    columns: [
      "id", "target", "target_key", "spec_url", "started_at", "finished_at", "status", "pid", "hostname", "error", "score",
      "grade", "critical", "high", "medium", "low", "info", "findings_total", "duration_ms", "requests_sent", "tool_version",
      "options_json", "report_json",
    ],
    key: ["id"],
    order: "id",
  },
  api_tokens: { columns: ["id", "name", "role", "token_hash", "created_at", "last_used_at", "revoked_at"], key: ["id"], order: "id" },
  triage: {
    columns: ["target_key", "finding_id", "status", "reason", "expires", "check_id", "updated_at", "updated_by"],
    key: ["target_key", "finding_id"],
    order: "target_key, finding_id",
  },
  target_identities: {
    columns: ["target_key", "label", "summary", "sealed", "key_id", "created_at", "updated_at"],
    key: ["target_key", "label"],
    order: "target_key, label",
  },
  // seq is the destination's own: events keep their order, not their numbers.
  events: { columns: ["id", "type", "created_at", "monitor_id", "target_key", "scan_id", "severity", "body_json"], key: ["id"], order: "seq" },
  monitors: {
    columns: ["id", "name", "target", "target_key", "spec_url", "options_json", "schedule_json", "paused", "next_run_at", "created_at", "updated_at", "created_by"],
    key: ["id"],
    order: "id",
    booleans: ["paused"],
  },
  monitor_runs: {
    columns: ["id", "monitor_id", "scan_id", "scheduled_for", "started_at", "finished_at", "status", "reachable", "score", "grade", "error", "events", "changes_json"],
    key: ["id"],
    order: "id",
    booleans: ["reachable"],
    identity: "id",
  },
  webhook_endpoints: {
    columns: [
      "id", "format", "url_sealed", "url_display", "description", "events_json", "min_severity", "active", "secret_sealed",
      "previous_secret_sealed", "previous_expires_at", "key_id", "from_event", "created_at", "updated_at",
    ],
    key: ["id"],
    order: "id",
    booleans: ["active"],
    virtual: ["from_event"],
    read: { from_event: eventAt("webhook_endpoints", "from_seq") },
    write: { from_seq: seqOf(":from_event") },
  },
  // Leases are not copied: they belong to the senders of the source.
  webhook_deliveries: {
    columns: [
      "id", "endpoint_id", "event_id", "event_type", "order_key", "status", "attempts", "window_start", "next_attempt_at",
      "last_attempt_at", "last_status", "last_error", "created_at", "delivered_at", "dead_at",
    ],
    key: ["id"],
    order: "id",
    write: { event_seq: seqOf(":event_id") },
    needsEvent: "event_id",
    identity: "id",
  },
  webhook_cursor: {
    columns: ["name", "event"],
    key: ["name"],
    order: "name",
    virtual: ["event"],
    read: { event: eventAt("webhook_cursor", "seq") },
    write: { seq: seqOf(":event") },
  },
} as const satisfies Record<string, CopySpec>;
export type CopyTable = keyof typeof COPY_TABLES;
export const COPY_TABLE_NAMES = Object.keys(COPY_TABLES) as CopyTable[];

/** One row of a copied table in the portable form both backends read and write (ISO times, JSON as text). */
export type PortableRow = Record<string, string | number | null>;

export interface CopyRepository {
  /** Rows of `table` in a stable order (key, or seq for events), `limit` of them from `offset`. */
  read(table: CopyTable, offset: number, limit: number): Promise<PortableRow[]>;
  /** Inserts rows that are not there yet (same key); returns how many were new. */
  write(table: CopyTable, rows: readonly PortableRow[]): Promise<number>;
  count(table: CopyTable): Promise<number>;
}

export interface RampartStore {
  readonly kind: StoreKind;
  /** Where the data lives, safe to print (a PostgreSQL URL without its password). */
  readonly location: string;
  readonly scans: ScanRepository;
  readonly triage: TriageRepository;
  readonly tokens: TokenRepository;
  readonly identities: IdentityRepository;
  readonly events: EventRepository;
  readonly monitors: MonitorRepository;
  readonly webhooks: WebhookRepository;
  readonly copy: CopyRepository;
  /** The schema version this store is at (its own backend's migration numbering). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;
}
