// The embedded backend of the store contract: the same SQLite file and tables as the CLI's history, behind
// the asynchronous interface (better-sqlite3 is synchronous; each call simply resolves at once).
import type Database from "better-sqlite3";
import type { RampartEvent } from "../monitor/events.js";
import {
  COPY_TABLES,
  type CopyRepository,
  type CopySpec,
  type CopyTable,
  type EventRepository,
  type IdentityRepository,
  type MonitorRepository,
  type PortableRow,
  type RampartStore,
  type TokenRepository,
  type TriageRepository,
  type WebhookRepository,
} from "./contract.js";
import { copyReadSql, copyWriteSql } from "./copy-sql.js";
import { appendEvents, eventsAfter } from "./events.js";
import type { ScanRepository } from "./contract.js";
import { openStore, ScanStore, type OpenStoreOptions } from "./store.js";
import { TokenTable } from "./tokens.js";
import { TriageTable } from "./triage.js";
import { identityRecord, type IdentityRow } from "./rows.js";
import { MonitorTable } from "./monitors.js";
import * as hooks from "./webhooks.js";

export class SqliteBackend implements RampartStore {
  readonly kind = "sqlite" as const;
  readonly location: string;
  readonly scans: ScanRepository;
  readonly triage: TriageRepository;
  readonly tokens: TokenRepository;
  readonly identities: IdentityRepository;
  readonly events: EventRepository;
  readonly monitors: MonitorRepository;
  readonly webhooks: WebhookRepository;
  readonly copy: CopyRepository;

  /** Wraps an open ScanStore (the CLI's); closing the backend closes it. */
  constructor(readonly sync: ScanStore) {
    this.location = sync.path;
    const s = sync;
    const db = sync.db;
    this.scans = {
      begin: async (input) => s.beginScan(input),
      complete: async (report, beganAs, events) => s.completeScan(report, beganAs, events),
      markRunning: async (id) => s.markRunning(id),
      fail: async (id, message) => s.failScan(id, message),
      cancel: async (id, message) => s.cancelScan(id, message),
      get: async (id) => s.get(id),
      list: async (input) => s.list(input),
      count: async (input) => s.count(input),
      targets: async (opts) => s.targets(opts),
      targetCount: async () => s.targetCount(),
      latestTwo: async (target) => s.latestTwo(target),
      findFinding: async (id) => s.findFinding(id),
      reapInterrupted: async (isAlive) => s.reapInterrupted(isAlive),
    };
    const triage = new TriageTable(s);
    this.triage = {
      set: async (input) => triage.set(input),
      forTarget: async (target, page) => triage.forTarget(target, page),
      countForTarget: async (target) => triage.countForTarget(target),
      targetKeys: async () => triage.targetKeys(),
    };
    const tokens = new TokenTable(s);
    this.tokens = {
      insert: async (input) => tokens.insert(input),
      byHash: async (hash) => tokens.byHash(hash),
      touch: async (id, now) => tokens.touch(id, now),
      list: async (all, page) => tokens.list(all, page),
      liveCount: async () => tokens.liveCount(),
      total: async () => tokens.total(),
      revoke: async (id) => tokens.revoke(id),
    };
    this.identities = sqliteIdentityRows(db);
    this.events = {
      append: async (events: readonly RampartEvent[]) => appendEvents(db, events),
      after: async (seq: number, limit?: number) => eventsAfter(db, seq, limit),
    };
    this.monitors = sqliteMonitorRepository(db);
    this.webhooks = sqliteWebhookRepository(db);
    this.copy = {
      read: async (table: CopyTable, offset: number, limit: number) => db.prepare(copyReadSql(table, "sqlite")).all(limit, offset) as PortableRow[],
      write: async (table: CopyTable, rows: readonly PortableRow[]) => {
        const { sql, params } = copyWriteSql(table, "sqlite");
        const insert = db.prepare(sql);
        const needs = (COPY_TABLES[table] as CopySpec).needsEvent;
        const hasEvent = db.prepare("SELECT 1 FROM events WHERE id = ?").pluck();
        return db
          .transaction(() => rows.reduce((n, r) => (needs && !hasEvent.get(r[needs]) ? n : n + insert.run(params(r) as Record<string, unknown>).changes), 0))
          .immediate();
      },
      count: async (table: CopyTable) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n,
    };
  }

  async schemaVersion(): Promise<number> {
    return Number(this.sync.db.pragma("user_version", { simple: true }));
  }

  async close(): Promise<void> {
    this.sync.close();
  }
}

/** Sealed identity rows in an open SQLite store (target_identities, migration 2). */
export function sqliteIdentityRows(db: Database.Database): IdentityRepository {
  return {
    put: async (row) => {
      db.prepare(
        `INSERT INTO target_identities (target_key, label, summary, sealed, key_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (target_key, label) DO UPDATE SET summary = excluded.summary, sealed = excluded.sealed,
           key_id = excluded.key_id, updated_at = excluded.updated_at`,
      ).run(row.targetKey, row.label, row.summary, row.sealed, row.keyId, row.createdAt, row.updatedAt);
    },
    get: async (key, label) => {
      const r = db.prepare("SELECT * FROM target_identities WHERE target_key = ? AND label = ?").get(key, label) as IdentityRow | undefined;
      return r ? identityRecord(r) : null;
    },
    list: async (key) =>
      (db.prepare("SELECT * FROM target_identities WHERE target_key = ? ORDER BY label").all(key) as IdentityRow[]).map(identityRecord),
    remove: async (key, label) => db.prepare("DELETE FROM target_identities WHERE target_key = ? AND label = ?").run(key, label).changes > 0,
  };
}

/** Monitors and their runs in an open SQLite store (migration 5), behind the contract. */
export function sqliteMonitorRepository(db: Database.Database): MonitorRepository {
  const t = new MonitorTable(db);
  return {
    insert: async (input, now) => t.insert(input, now),
    get: async (id) => t.get(id),
    list: async (page) => t.list(page),
    count: async () => t.count(),
    update: async (id, patch, now) => t.update(id, patch, now),
    remove: async (id) => t.remove(id),
    due: async (now) => t.due(now),
    setNextRun: async (id, at) => t.setNextRun(id, at),
    claimSlot: async (id, due, next) => t.claimSlot(id, due, next),
    startRun: async (monitorId, scheduledFor, scanId, now) => t.startRun(monitorId, scheduledFor, scanId, now),
    attachScan: async (runId, scanId) => t.attachScan(runId, scanId),
    finishRun: async (runId, outcome, events, now) => t.finishRun(runId, outcome, events, now),
    getRun: async (runId) => t.getRun(runId),
    runs: async (monitorId, limit) => t.runs(monitorId, limit),
    latestRuns: async () => t.latestRuns(),
    previousFinished: async (monitorId, runId) => t.previousFinished(monitorId, runId),
    previousCompleted: async (monitorId, runId) => t.previousCompleted(monitorId, runId),
    failInterrupted: async (now) => t.failInterrupted(now),
  };
}

/** Webhook endpoints, deliveries and the fan-out cursor in an open SQLite store (migrations 6-7). */
export function sqliteWebhookRepository(db: Database.Database): WebhookRepository {
  return {
    insertEndpoint: async (row) => hooks.insertEndpoint(db, row),
    getEndpoint: async (id) => hooks.getEndpoint(db, id),
    listEndpoints: async () => hooks.listEndpoints(db),
    updateEndpoint: async (id, patch) => hooks.updateEndpoint(db, id, patch),
    deleteEndpoint: async (id) => hooks.deleteEndpoint(db, id),
    latestEventSeq: async () => hooks.latestEventSeq(db),
    fanOut: async (matches, now, limit) => hooks.fanOut(db, matches, now, limit),
    claimDue: async (owner, nowMs, limit, leaseMs) => hooks.claimDue(db, owner, nowMs, limit, leaseMs),
    nextDueAt: async () => hooks.nextDueAt(db),
    markDelivered: async (id, owner, attempt) => hooks.markDelivered(db, id, owner, attempt),
    markFailed: async (id, owner, attempt) => hooks.markFailed(db, id, owner, attempt),
    releaseLeases: async (isGone) => hooks.releaseLeases(db, isGone),
    listDeliveries: async (input) => hooks.listDeliveries(db, input),
    getDelivery: async (id) => hooks.getDelivery(db, id),
    deliveryCounts: async (endpointId) => hooks.deliveryCounts(db, endpointId),
    requeueDeliveries: async (ids, nowMs) => hooks.requeueDeliveries(db, ids, nowMs),
    deadDeliveryIds: async (endpointId) => hooks.deadDeliveryIds(db, endpointId),
  };
}

/** The contract over a store given either way (the CLI's ScanStore, or a backend already). */
export function asRampartStore(store: RampartStore | ScanStore): RampartStore {
  return store instanceof ScanStore ? new SqliteBackend(store) : store;
}

/** Opens (creating and migrating) the embedded store behind the contract. */
export function openSqliteBackend(opts: OpenStoreOptions = {}): SqliteBackend {
  return new SqliteBackend(openStore(opts));
}
