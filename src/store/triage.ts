// Finding triage per target (server API, dashboard): accepted or false-positive findings become baseline
// entries, so they are suppressed before scoring exactly like `.rampart.yml` ignore entries. The CLI, the
// Action and the server read the same rows when they use the same store.
import type { Baseline, IgnoreEntry } from "../config/baseline.js";
import type { ScanStore } from "./store.js";
import { targetKey } from "./target.js";
import { triageRecord, type TriageRow } from "./rows.js";

export const TRIAGE_STATES = ["accepted", "false-positive", "open"] as const;
export type TriageState = (typeof TRIAGE_STATES)[number];

export interface TriageRecord {
  target: string;
  findingId: string;
  status: Exclude<TriageState, "open">;
  reason: string;
  /** YYYY-MM-DD; the entry stops suppressing after this day (UTC). */
  expires: string | null;
  checkId: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

export interface TriageInput {
  target: string;
  findingId: string;
  status: TriageState;
  reason?: string;
  expires?: string | null;
  checkId?: string | null;
  by?: string | null;
}

export class TriageTable {
  constructor(private readonly store: ScanStore) {}

  /** `open` removes the entry (the finding counts again); the others insert or replace it. */
  set(input: TriageInput): TriageRecord | null {
    const key = targetKey(input.target);
    if (input.status === "open") {
      this.store.db.prepare("DELETE FROM triage WHERE target_key = ? AND finding_id = ?").run(key, input.findingId);
      return null;
    }
    const reason = input.reason?.trim() || (input.status === "false-positive" ? "false positive" : "accepted");
    const row: TriageRow = {
      target_key: key,
      finding_id: input.findingId,
      status: input.status,
      reason,
      expires: input.expires ?? null,
      check_id: input.checkId ?? null,
      updated_at: new Date().toISOString(),
      updated_by: input.by ?? null,
    };
    this.store.db
      .prepare(
        `INSERT INTO triage (target_key, finding_id, status, reason, expires, check_id, updated_at, updated_by)
         VALUES (@target_key, @finding_id, @status, @reason, @expires, @check_id, @updated_at, @updated_by)
         ON CONFLICT (target_key, finding_id) DO UPDATE SET status = excluded.status, reason = excluded.reason,
           expires = excluded.expires, check_id = excluded.check_id, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by`,
      )
      .run(row);
    return triageRecord(row);
  }

  forTarget(target: string, page: { limit?: number; offset?: number } = {}): TriageRecord[] {
    return (
      this.store.db
        .prepare("SELECT * FROM triage WHERE target_key = ? ORDER BY finding_id LIMIT ? OFFSET ?")
        .all(targetKey(target), page.limit ?? -1, page.offset ?? 0) as TriageRow[]
    ).map(triageRecord);
  }

  countForTarget(target: string): number {
    return (this.store.db.prepare("SELECT COUNT(*) AS n FROM triage WHERE target_key = ?").get(targetKey(target)) as { n: number }).n;
  }

  /** Target keys that have any triage entry (to skip re-scoring scans of targets without one). */
  targetKeys(): Set<string> {
    return new Set((this.store.db.prepare("SELECT DISTINCT target_key FROM triage").all() as { target_key: string }[]).map((r) => r.target_key));
  }

  /** The target's triage as baseline entries (null when there is none). */
  baseline(target: string): Baseline | null {
    return triageBaseline(this.forTarget(target), this.store.path);
  }
}

/** Triage records as a baseline (null when there are none); `location` names the store in its source. */
export function triageBaseline(records: readonly TriageRecord[], location: string): Baseline | null {
  if (records.length === 0) return null;
  return { entries: records.map(toIgnoreEntry), source: `triage in ${location}` };
}

export function toIgnoreEntry(t: TriageRecord): IgnoreEntry {
  const reason = t.status === "false-positive" ? `false positive: ${t.reason}` : t.reason;
  return { finding: t.findingId, reason, ...(t.expires ? { expires: t.expires } : {}) };
}

/** One baseline from several sources (config file, triage); null when all are empty. */
export function mergeBaselines(...baselines: (Baseline | null | undefined)[]): Baseline | null {
  const present = baselines.filter((b): b is Baseline => !!b && b.entries.length > 0);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0] ?? null;
  return { entries: present.flatMap((b) => b.entries), source: present.map((b) => b.source).join(" + ") };
}
