// The changes ledger: every state-changing request a scan sends is one entry with its outcome, the
// object it created (when the answer names one) and whether that was undone. The HTTP client fills it
// for every request it records, so no check can change the target without it showing in the report.
// Clean-ups registered for an entry run once at the end of the scan, newest first (best effort).
import type { HttpRequestInput } from "../core/check.js";
import type { Change, ChangeOutcome, Exchange, HttpMethod } from "../core/types.js";
import { SAFE_METHODS } from "./policy.js";

/** Top-level (or `data.`) JSON fields that carry the id of a created object, in order of preference. */
const ID_FIELDS = ["id", "_id", "uuid", "key", "slug"] as const;

/** Whether an exchange may have changed the target's state (and so belongs in the ledger). */
export function isStateChanging(method: string, opts: { aiPrompt?: boolean; graphqlQuery?: boolean } = {}): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  // A text prompt to an AI endpoint and a read-only GraphQL query are POSTs that change nothing.
  return !opts.aiPrompt && !opts.graphqlQuery;
}

export function outcomeOf(status: number | null): ChangeOutcome {
  if (status === null) return "unknown";
  if (status >= 200 && status < 400) return "applied";
  if (status >= 400 && status < 500) return "rejected";
  return "failed";
}

function idIn(value: unknown): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  for (const field of ID_FIELDS) {
    const v = obj[field];
    if ((typeof v === "string" && v !== "" && v.length <= 200) || (typeof v === "number" && Number.isFinite(v))) return String(v);
  }
  return null;
}

/** The id a create answer names: `{id}`, `{_id}`, `{data: {id}}` … (null when none or not JSON). */
export function createdId(body: string | undefined): string | null {
  if (!body || body.length > 1_000_000) return null;
  const t = body.trimStart();
  if (!t.startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return idIn(parsed) ?? idIn((parsed as Record<string, unknown>)["data"]);
  } catch {
    return null;
  }
}

/** The created object's URL from a Location header, resolved against the request URL (null when absent). */
export function createdLocation(ex: Exchange): string | null {
  const raw = ex.response?.headers["location"];
  if (!raw) return null;
  try {
    return new URL(raw, ex.request.url).toString();
  } catch {
    return null;
  }
}

/** What a successful POST/PUT answer says it created: 201, or a Location, or a POST answered with an id. */
export function createdObject(ex: Exchange): { location: string | null; id: string | null } | null {
  const status = ex.response?.status ?? 0;
  if (status < 200 || status >= 300 || !["POST", "PUT"].includes(ex.request.method)) return null;
  const location = createdLocation(ex);
  const id = createdId(ex.response?.body);
  if (status === 201 || location || (ex.request.method === "POST" && id)) return { location, id };
  return null;
}

/** A clean-up: the request that undoes a change, sent at the end of the scan as `identity`. */
export interface Cleanup {
  request: HttpRequestInput;
  note?: string;
}

/** Derives a clean-up for a created object no check registered one for (e.g. DELETE on its Location). */
export type CleanupDeriver = (change: Change, exchange: Exchange) => Cleanup | null;

/** Sends a clean-up request (budget-exempt, recorded with source `cleanup`). */
export type CleanupSender = (req: HttpRequestInput) => Promise<Exchange>;

export interface ChangeLedger {
  /** Records an exchange if it may have changed state; returns its entry (null when it changed nothing). */
  note(ex: Exchange, opts?: { aiPrompt?: boolean; graphqlQuery?: boolean }): Change | null;
  /** The entry of a recorded exchange. */
  entryFor(exchangeId: number): Change | null;
  /** Registers the clean-up of an entry (replaces an earlier one). */
  onUndo(changeId: number, cleanup: Cleanup): void;
  /** Clean-ups registered and not yet run: each holds one request of the budget back. */
  pending(): number;
  /** Runs every clean-up, newest change first; derives one for created objects that have none. */
  undoAll(send: CleanupSender, derive?: CleanupDeriver): Promise<void>;
  /** Every entry so far, oldest first (copies). */
  list(): Change[];
}

const undoneStatus = (status: number | null): boolean =>
  status !== null && ((status >= 200 && status < 300) || status === 404 || status === 410);

export function createChangeLedger(): ChangeLedger {
  const entries: Change[] = [];
  const byExchange = new Map<number, Change>();
  const exchanges = new Map<number, Exchange>();
  const cleanups = new Map<number, Cleanup>();
  let undoing = false;

  return {
    note(ex, opts = {}) {
      if (!isStateChanging(ex.request.method, opts)) return null;
      const status = ex.response?.status ?? null;
      const outcome = outcomeOf(status);
      const change: Change = {
        id: entries.length + 1,
        exchangeId: ex.id,
        checkId: ex.source,
        method: ex.request.method as HttpMethod,
        url: ex.request.url,
        identity: ex.request.identity,
        status,
        outcome,
        created: createdObject(ex),
        // Rejected requests changed nothing; applied ones are "left" until a clean-up proves otherwise.
        undo: { state: outcome === "rejected" ? "not-needed" : "left" },
      };
      entries.push(change);
      byExchange.set(ex.id, change);
      exchanges.set(change.id, ex);
      return change;
    },
    entryFor: (exchangeId) => byExchange.get(exchangeId) ?? null,
    onUndo(changeId, cleanup) {
      const change = entries[changeId - 1];
      if (!change || undoing) return;
      cleanups.set(changeId, cleanup);
      change.undo = { state: "pending", ...(cleanup.note ? { note: cleanup.note } : {}) };
    },
    pending: () => cleanups.size,
    async undoAll(send, derive) {
      undoing = true;
      for (const change of [...entries].reverse()) {
        const ex = exchanges.get(change.id);
        let cleanup = cleanups.get(change.id) ?? null;
        if (!cleanup && change.created && change.outcome === "applied" && ex && derive) cleanup = derive(change, ex);
        cleanups.delete(change.id);
        if (!cleanup) {
          if (change.created && change.outcome === "applied") change.undo = { state: "left", note: "no way to delete the created object was found" };
          continue;
        }
        const request = `${cleanup.request.method ?? "GET"} ${cleanup.request.url}`;
        try {
          const res = await send({ identity: change.identity, ...cleanup.request });
          const status = res.response?.status ?? null;
          change.undo = {
            state: undoneStatus(status) ? "done" : "failed",
            request: res.request.url ? `${res.request.method} ${res.request.url}` : request,
            status,
            ...(cleanup.note ? { note: cleanup.note } : res.error ? { note: res.error } : {}),
          };
        } catch (e) {
          change.undo = { state: "failed", request, status: null, note: e instanceof Error ? e.message : String(e) };
        }
      }
    },
    list: () => entries.map((c) => ({ ...c, undo: { ...c.undo } })),
  };
}
