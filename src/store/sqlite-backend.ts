// The embedded backend of the store contract: the same SQLite file and tables as the CLI's history, behind
// the asynchronous interface (better-sqlite3 is synchronous; each call simply resolves at once).
import type Database from "better-sqlite3";
import type { RampartEvent } from "../monitor/events.js";
import {
  COPY_TABLES,
  type CopyRepository,
  type CopyTable,
  type EventRepository,
  type IdentityRepository,
  type PortableRow,
  type RampartStore,
  type TokenRepository,
  type TriageRepository,
} from "./contract.js";
import { appendEvents, eventsAfter } from "./events.js";
import type { ScanRepository } from "./contract.js";
import { openStore, ScanStore, type OpenStoreOptions } from "./store.js";
import { TokenTable } from "./tokens.js";
import { TriageTable } from "./triage.js";
import { identityRecord, type IdentityRow } from "./rows.js";

export class SqliteBackend implements RampartStore {
  readonly kind = "sqlite" as const;
  readonly location: string;
  readonly scans: ScanRepository;
  readonly triage: TriageRepository;
  readonly tokens: TokenRepository;
  readonly identities: IdentityRepository;
  readonly events: EventRepository;
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
    this.copy = {
      read: async (table: CopyTable, offset: number, limit: number) => {
        const t = COPY_TABLES[table];
        return db.prepare(`SELECT ${t.columns.join(", ")} FROM ${table} ORDER BY ${t.order} LIMIT ? OFFSET ?`).all(limit, offset) as PortableRow[];
      },
      write: async (table: CopyTable, rows: readonly PortableRow[]) => {
        const t = COPY_TABLES[table];
        const insert = db.prepare(
          `INSERT INTO ${table} (${t.columns.join(", ")}) VALUES (${t.columns.map((c) => `@${c}`).join(", ")}) ON CONFLICT DO NOTHING`,
        );
        return db.transaction(() => rows.reduce((n, r) => n + insert.run(r).changes, 0)).immediate();
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

/** The contract over a store given either way (the CLI's ScanStore, or a backend already). */
export function asRampartStore(store: RampartStore | ScanStore): RampartStore {
  return store instanceof ScanStore ? new SqliteBackend(store) : store;
}

/** Opens (creating and migrating) the embedded store behind the contract. */
export function openSqliteBackend(opts: OpenStoreOptions = {}): SqliteBackend {
  return new SqliteBackend(openStore(opts));
}
