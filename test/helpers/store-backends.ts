// Both backends of the store contract for one test suite: a temporary SQLite file, and a fresh database in
// a throw-away PostgreSQL started for the test file (initdb/pg_ctl on a temporary directory, 127.0.0.1).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { RampartStore } from "../../src/store/contract.js";
import { openPgBackend } from "../../src/store/postgres/backend.js";
import { openSqliteBackend } from "../../src/store/sqlite-backend.js";
import { startPostgres, type PgInstance } from "./postgres.js";

export const TRUST_HBA = "local all all trust\nhost all all 127.0.0.1/32 trust\n";

let server: PgInstance | null = null;
let counter = 0;

export async function startTestPostgres(): Promise<PgInstance> {
  server ??= await startPostgres({ hba: TRUST_HBA, conf: ["max_connections = 60"] });
  return server;
}

export async function stopTestPostgres(): Promise<void> {
  await server?.stop();
  server = null;
}

export function adminUrl(instance: PgInstance, db = "postgres"): string {
  return `postgres://postgres@127.0.0.1:${instance.port}/${db}`;
}

/** A new, empty database in the test PostgreSQL; returns its URL. */
export async function freshDatabase(): Promise<string> {
  const instance = await startTestPostgres();
  const name = `rampart_t${process.pid}_${++counter}`;
  const client = new pg.Client({ connectionString: adminUrl(instance) });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return adminUrl(instance, name);
}

export interface Backend {
  name: "sqlite" | "postgres";
  /** A fresh, empty store of this kind. */
  open(): Promise<RampartStore>;
}

const tempDirs: string[] = [];

export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

export const BACKENDS: Backend[] = [
  {
    name: "sqlite",
    async open() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-contract-"));
      tempDirs.push(dir);
      return openSqliteBackend({ path: path.join(dir, "rampart.db") });
    },
  },
  {
    name: "postgres",
    async open() {
      return openPgBackend(await freshDatabase(), { max: 4 });
    },
  },
];

/**
 * The hooks of a store suite that runs on both backends: PostgreSQL started for the file, every store a
 * test opened closed after it and SQLite's temporary directories removed. Push opened stores to the list.
 */
export function useTestBackends(): RampartStore[] {
  const open: RampartStore[] = [];
  beforeAll(async () => {
    await startTestPostgres();
  }, 120_000);
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    removeTempDirs();
  });
  afterAll(async () => {
    await stopTestPostgres();
  });
  return open;
}

export interface CliStore {
  name: "SQLite" | "PostgreSQL";
  /** What a CLI test passes as --store: the file, or the database's URL. */
  store(): string;
}

/**
 * The stores a CLI suite runs its commands against, one of each kind for the whole file: a SQLite file in a
 * temporary directory (`prefix`) and a fresh database of a PostgreSQL started for the file; both removed after.
 */
export function useCliStores(prefix: string): { stores: CliStore[]; sqliteFile(): string } {
  let dir = "";
  let sqliteFile = "";
  let postgresUrl = "";
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    sqliteFile = path.join(dir, "rampart.db");
    await startTestPostgres();
    postgresUrl = await freshDatabase();
  }, 120_000);
  afterAll(async () => {
    await stopTestPostgres();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    stores: [
      { name: "SQLite", store: () => sqliteFile },
      { name: "PostgreSQL", store: () => postgresUrl },
    ],
    sqliteFile: () => sqliteFile,
  };
}
