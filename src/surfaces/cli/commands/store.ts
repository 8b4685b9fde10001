// `rampart store migrate|copy`: bring a store's schema up to date, and move a SQLite history into PostgreSQL
// (idempotent: rows already there are skipped; sealed identities and token hashes are copied as they are).
import { UsageError } from "../../../core/errors.js";
import { COPY_TABLE_NAMES, openRampartStore, type RampartStore } from "../../../store/index.js";
import type { CliIO } from "../command.js";

const PAGE = 500;
const KIND = { sqlite: "SQLite", postgres: "PostgreSQL" } as const;

export async function runStoreMigrate(flags: { store?: string }, io: CliIO): Promise<void> {
  const store = await openRampartStore({ store: flags.store, env: io.env, postgres: { max: 1, reap: false } });
  try {
    io.out(`${store.location} (${KIND[store.kind]}): schema version ${await store.schemaVersion()}, up to date`);
  } finally {
    await store.close();
  }
}

export async function runStoreCopy(flags: { from: string; to: string }, io: CliIO): Promise<void> {
  if (flags.from.trim() === flags.to.trim()) throw new UsageError("--from and --to name the same store");
  const from = await openRampartStore({ store: flags.from, env: io.env, postgres: { max: 2, reap: false } });
  let to: RampartStore | null = null;
  try {
    to = await openRampartStore({ store: flags.to, env: io.env, postgres: { max: 2, reap: false } });
    for (const table of COPY_TABLE_NAMES) {
      let read = 0;
      let added = 0;
      for (;;) {
        const rows = await from.copy.read(table, read, PAGE);
        if (rows.length === 0) break;
        read += rows.length;
        added += await to.copy.write(table, rows);
      }
      io.out(`${table}: ${read} read, ${added} copied, ${read - added} already there`);
    }
    io.err(`rampart: copied ${from.location} → ${to.location}; identities stay sealed: serve with the same RAMPART_SECRET_KEY`);
  } finally {
    await to?.close();
    await from.close();
  }
}
