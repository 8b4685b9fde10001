// What the store-backed `rampart webhook` commands share: opening the store `rampart serve` uses (SQLite file
// or PostgreSQL, --store or RAMPART_STORE), the server's secret key (URLs and signing secrets are sealed under
// it), the endpoint lookup, and errors of the shared checks turned into one line naming the flag.
import { InputError, UsageError } from "../../../core/errors.js";
import { loadSecretKey, type SecretKey } from "../../../server/secrets.js";
import type { RampartStore } from "../../../store/contract.js";
import { defaultDbPath, openRampartStore } from "../../../store/index.js";
import type { EndpointRow } from "../../../store/webhooks.js";
import type { CliIO } from "../command.js";

export interface WebhookStoreFlags {
  store?: string;
}

export type OutputFlags = WebhookStoreFlags & { format?: string };
export type PageFlags = OutputFlags & { limit?: number; offset?: number };

export async function withWebhookStore<T>(flags: WebhookStoreFlags, io: CliIO, fn: (store: RampartStore) => Promise<T>): Promise<T> {
  const store = await openRampartStore({ store: flags.store, env: io.env, postgres: { max: 1, reap: false } });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * The server's key, loaded when first needed. Beside a SQLite store it is created when missing, as `rampart
 * serve` would create it on this machine; for a PostgreSQL store the server usually runs elsewhere, and a key
 * made here would seal what that server cannot open, so it must already exist (RAMPART_SECRET_KEY or the file).
 */
export function serverKey(store: RampartStore, io: Pick<CliIO, "env">): () => SecretKey {
  const sqlite = store.kind === "sqlite";
  return () => loadSecretKey({ env: io.env, dbPath: sqlite ? store.location : defaultDbPath({ env: io.env }), create: sqlite });
}

export async function foundEndpoint(store: RampartStore, id: string): Promise<EndpointRow> {
  const row = await store.webhooks.getEndpoint(id.trim());
  if (!row) throw new UsageError(`no webhook has id '${id.trim()}' (see rampart webhook list)`);
  return row;
}

/** Errors of the shared checks name API fields (`url: …`); here they name the argument or flag. */
export async function namingFlags<T>(flags: Readonly<Record<string, string>>, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    const field = /^(\w+): /.exec(e.message)?.[1];
    const flag = field ? flags[field] : undefined;
    throw new UsageError(flag ? `${flag}: ${e.message.slice((field as string).length + 2)}` : e.message);
  }
}

export function checkFormat(format: string | undefined): void {
  if (format && format !== "table" && format !== "json") throw new UsageError(`--format must be table or json (got '${format}')`);
}
