// What the MCP tools need from the outside world, injected so the server is one testable value.
import type { ScanReport } from "../../core/types.js";
import type { ScanHooks } from "../../engine/events.js";
import type { ScanOptions } from "../../engine/options.js";
import { scan } from "../../engine/scan.js";
import { openStore } from "../../store/index.js";
import type { ScanStore } from "../../store/index.js";
import type { Log } from "./result.js";

export type ScanFn = (options: ScanOptions, hooks: ScanHooks) => Promise<ScanReport>;

export interface McpDeps {
  /** The scan store, opened on first use; throws a RampartError when it cannot be opened. */
  store(): ScanStore;
  scan: ScanFn;
  /** Environment that `env:VAR` credential references resolve against. */
  env: Record<string, string | undefined>;
  log: Log;
}

export interface LocalDepsOptions {
  env: Record<string, string | undefined>;
  /** Database file (default: the data directory's rampart.db). */
  storePath?: string;
  log: Log;
}

/** The real engine and the local store. The store is opened lazily, so a broken data directory fails
 *  only the tools that need it. */
export function localDeps(opts: LocalDepsOptions): McpDeps & { opened(): ScanStore | null; close(): void } {
  let store: ScanStore | null = null;
  return {
    store() {
      store ??= openStore(opts.storePath ? { path: opts.storePath } : { env: opts.env });
      return store;
    },
    scan,
    env: opts.env,
    log: opts.log,
    opened: () => store,
    close() {
      store?.close();
      store = null;
    },
  };
}
