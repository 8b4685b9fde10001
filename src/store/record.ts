// Wraps one scan run so it lands in the store: running before, completed or failed after. A store that
// cannot be opened or written costs a warning, never the scan itself.
import { oneLine } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { ScanOptions } from "../engine/options.js";
import { openStore } from "./store.js";
import type { ScanStore } from "./store.js";
import { mergeBaselines, TriageTable } from "./triage.js";

export interface RecordScanOptions {
  options: ScanOptions;
  /** Environment for RAMPART_HOME / XDG_DATA_HOME. */
  env: Record<string, string | undefined>;
  warn(message: string): void;
  /** Database file (default: the data directory's). */
  path?: string;
  /** CLI processes: on SIGINT/SIGTERM mark the scan failed, then exit 130/143. */
  handleSignals?: boolean;
  /** Told, before that exit, what was kept of the interrupted scan (one clause, e.g. for a last line). */
  onInterrupt?: (signal: NodeJS.Signals, saved: string) => void;
}

function open(opts: RecordScanOptions): ScanStore | null {
  try {
    return openStore(opts.path ? { path: opts.path } : { env: opts.env });
  } catch (e) {
    opts.warn(`rampart: this scan is not stored: ${oneLine(e)}`);
    return null;
  }
}

/**
 * Runs and stores one scan. `run` receives the options with the target's triage (from `rampart serve` or
 * its dashboard) merged into the baseline, so triaged findings count toward neither score nor gate.
 */
export async function recordScan(run: (options: ScanOptions) => Promise<ScanReport>, opts: RecordScanOptions): Promise<ScanReport> {
  const store = open(opts);
  if (!store) return run(opts.options);
  let options = opts.options;
  try {
    const baseline = mergeBaselines(options.baseline, new TriageTable(store).baseline(options.target));
    if (baseline) options = { ...options, baseline };
  } catch (e) {
    opts.warn(`rampart: stored triage is not applied: ${oneLine(e)}`);
  }
  let id: string;
  try {
    id = store.beginScan({
      target: opts.options.target,
      specUrl: opts.options.spec ?? null,
      options: { ...opts.options },
      pid: process.pid,
    });
  } catch (e) {
    opts.warn(`rampart: this scan is not stored: ${oneLine(e)}`);
    store.close();
    return run(options);
  }
  const onSignal = (signal: NodeJS.Signals): void => {
    let saved = `scan ${id} saved in the history as interrupted (rampart history; database ${store.path})`;
    try {
      store.failScan(id, `interrupted by ${signal}`);
      store.close();
    } catch (e) {
      saved = `scan ${id} could not be marked interrupted in the history: ${oneLine(e)}`;
    } finally {
      opts.onInterrupt?.(signal, saved);
      process.exit(signal === "SIGINT" ? 130 : 143);
    }
  };
  if (opts.handleSignals) {
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  }
  try {
    let report: ScanReport;
    try {
      report = await run(options);
    } catch (e) {
      try {
        store.failScan(id, oneLine(e));
      } catch (storeError) {
        opts.warn(`rampart: the failed scan could not be recorded: ${oneLine(storeError)}`);
      }
      throw e;
    }
    try {
      store.completeScan(report, id);
    } catch (e) {
      opts.warn(`rampart: the scan finished but could not be stored: ${oneLine(e)}`);
    }
    return report;
  } finally {
    if (opts.handleSignals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
    store.close();
  }
}
