// The monitoring event contract: what a monitor run produces and what webhooks deliver. Producers append
// events to the store's `events` table in the same transaction that records the run; senders read them
// in `seq` order, so a crash between the two loses nothing.
import { randomBytes } from "node:crypto";
import type { Severity } from "../core/types.js";
import { EVENT_TYPES, type EventType } from "./event-types.js";

export { EVENT_TYPES, type EventType };

export interface EventMonitorRef {
  id: string;
  name: string | null;
}

/** One event as stored and as delivered (the webhook body of the generic JSON format). */
export interface RampartEvent<D extends Record<string, unknown> = Record<string, unknown>> {
  /** Unique and stable: receivers de-duplicate redeliveries by it (also sent as Rampart-Delivery). */
  id: string;
  type: EventType;
  createdAt: string;
  /** Null for an event not raised by a monitor (a one-off scan through the API). */
  monitor: EventMonitorRef | null;
  target: string;
  scanId: string | null;
  /** The scan in the dashboard, when the server knows its public URL. */
  link: string | null;
  /** The highest severity the event concerns; subscriptions filter on it (null passes every filter). */
  severity: Severity | null;
  data: D;
}

/** Sortable by creation time, then random; the prefix keeps it apart from scan ids in logs. */
export function newEventId(now: Date = new Date()): string {
  return `evt_${now.getTime().toString(36).padStart(9, "0")}${randomBytes(6).toString("hex")}`;
}
