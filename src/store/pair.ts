// Which two stored reports a diff compares: two given ids, or the latest two completed scans of a target.
import { InputError } from "../core/errors.js";
import type { ScanReport } from "../core/types.js";
import type { ScanStore } from "./store.js";

export type DiffPairInput = { base?: string | undefined; head?: string | undefined } | { target: string };

function completedReport(store: ScanStore, id: string, role: string): ScanReport {
  const stored = store.get(id);
  if (!stored) throw new InputError(`no stored scan matches ${role} "${id}"`);
  if (!stored.report) throw new InputError(`${role} scan ${stored.id} is ${stored.status}${stored.error ? ` (${stored.error})` : ""}: it has no report to compare`);
  return stored.report;
}

/** [base, head]: base is the earlier scan. Any missing piece is an InputError naming it. */
export function resolveDiffPair(store: ScanStore, input: DiffPairInput): [ScanReport, ScanReport] {
  if ("target" in input) {
    const target = input.target.trim();
    if (!target) throw new InputError("target is empty");
    const latest = store.latestTwo(target);
    if (latest.length < 2 || !latest[0]?.report || !latest[1]?.report) {
      throw new InputError(`need two completed scans of ${target} to compare; ${latest.length} stored`);
    }
    return [latest[1].report, latest[0].report];
  }
  if (!input.base || !input.head) throw new InputError("give both scan ids to compare (base, then head)");
  return [completedReport(store, input.base, "base"), completedReport(store, input.head, "head")];
}
