// Opens the store a server, worker or tool is pointed at: a PostgreSQL URL, a SQLite file, or (nothing
// given) RAMPART_STORE, else the embedded default file that `rampart history` uses.
import type { RampartStore } from "./contract.js";
import type { OpenPgOptions } from "./postgres/backend.js";
import { isPostgresUrl } from "./postgres/url.js";
import { openSqliteBackend } from "./sqlite-backend.js";

export interface OpenRampartStoreOptions {
  /** `postgres://…`, a SQLite file path, or undefined for RAMPART_STORE / the default file. */
  store?: string | undefined;
  env?: Record<string, string | undefined>;
  /** PostgreSQL only: pool size and reaping. */
  postgres?: OpenPgOptions;
}

/** What the store option resolves to, before opening it (for messages and `store migrate`). */
export function storeLocation(opts: OpenRampartStoreOptions): { kind: "postgres"; url: string } | { kind: "sqlite"; path?: string } {
  const given = opts.store?.trim() || opts.env?.["RAMPART_STORE"]?.trim() || "";
  if (isPostgresUrl(given)) return { kind: "postgres", url: given };
  return given ? { kind: "sqlite", path: given } : { kind: "sqlite" };
}

export async function openRampartStore(opts: OpenRampartStoreOptions = {}): Promise<RampartStore> {
  const where = storeLocation(opts);
  if (where.kind === "postgres") {
    // The driver is loaded only for PostgreSQL stores: the embedded default stays light.
    const { openPgBackend } = await import("./postgres/backend.js");
    return openPgBackend(where.url, opts.postgres);
  }
  return openSqliteBackend(where.path ? { path: where.path } : opts.env ? { env: opts.env } : {});
}
