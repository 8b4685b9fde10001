// Monitor schedules: `{"every": "6h"}` (start to start) or `{"cron": "0 */6 * * *"}` (UTC, via croner;
// a sixth leading field counts seconds). Parsing, the next run time, jitter and the minimum interval.
import { Cron } from "croner";
import { InputError } from "../core/errors.js";
import type { MonitorSchedule } from "../store/monitors.js";
import { formatDuration, parseDuration } from "./duration.js";

export { formatDuration, parseDuration } from "./duration.js";

export type { MonitorSchedule } from "../store/monitors.js";

/** Default floor between two runs of one monitor (`rampart serve --min-interval`). */
export const DEFAULT_MIN_INTERVAL_MS = 5 * 60_000;
/** Jitter is at most this fraction of the interval … */
export const JITTER_FRACTION = 0.1;
/** … and never more than this, so a 6-hourly monitor is not moved by half an hour. */
export const DEFAULT_MAX_JITTER_MS = 60_000;
/** The longest `every` accepted: a monitor that never runs is a mistake. */
const MAX_EVERY_MS = 366 * 86_400_000;

function cronOf(pattern: string, field: string): Cron {
  try {
    return new Cron(pattern, { timezone: "UTC", paused: true });
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^CronPattern:\s*/, "") : String(e);
    throw new InputError(`${field}.cron is not a cron expression like "0 */6 * * *": ${why}`);
  }
}

/**
 * Validates a schedule the user gave (API body, CLI flags) against the server's minimum interval; returns it
 * normalised. Errors are InputErrors naming `field`.
 */
export function parseSchedule(input: unknown, minIntervalMs: number, field = "schedule"): MonitorSchedule {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new InputError(`${field} must be {"every": "6h"} or {"cron": "0 */6 * * *"}`);
  }
  const o = input as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 1 || (keys[0] !== "every" && keys[0] !== "cron")) {
    throw new InputError(`${field} must have exactly one of every or cron (got ${keys.join(", ") || "nothing"})`);
  }
  const value = o[keys[0] as string];
  if (typeof value !== "string" || !value.trim()) throw new InputError(`${field}.${keys[0]} must be a non-empty string`);
  let schedule: MonitorSchedule;
  if (keys[0] === "every") {
    const ms = parseDuration(value);
    if (ms === null) throw new InputError(`${field}.every must be a duration like 30m, 6h, 1d or 1h30m (got '${value.slice(0, 100)}')`);
    if (ms > MAX_EVERY_MS) throw new InputError(`${field}.every must be at most 366d (got '${value}')`);
    schedule = { every: formatDuration(ms) };
  } else {
    const pattern = value.trim().replace(/\s+/g, " ");
    const cron = cronOf(pattern, field);
    if (cron.nextRun() === null) throw new InputError(`${field}.cron "${pattern}" never fires`);
    schedule = { cron: pattern };
  }
  const gap = shortestGap(schedule);
  if (gap < minIntervalMs) {
    throw new InputError(
      `${field} runs every ${formatDuration(gap)}, more often than this server allows (${formatDuration(minIntervalMs)}; see rampart serve --min-interval)`,
    );
  }
  return schedule;
}

/** The shortest time between two runs the schedule asks for (cron: measured over its next runs). */
export function shortestGap(schedule: MonitorSchedule, from = new Date()): number {
  if ("every" in schedule) return parseDuration(schedule.every) ?? Number.MAX_SAFE_INTEGER;
  const runs = cronOf(schedule.cron, "schedule").nextRuns(50, from);
  let gap = Number.MAX_SAFE_INTEGER;
  for (let i = 1; i < runs.length; i++) gap = Math.min(gap, (runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime());
  return gap;
}

/**
 * The slot after `lastStart` (or after `now` for a monitor that never ran): every → start plus the interval,
 * cron → the next matching time. Never earlier than `minIntervalMs` after the last start.
 */
export function nextSlot(schedule: MonitorSchedule, lastStart: Date | null, now: Date, minIntervalMs: number): Date {
  const from = lastStart ?? now;
  let at: number;
  if ("every" in schedule) {
    at = lastStart ? from.getTime() + (parseDuration(schedule.every) ?? DEFAULT_MIN_INTERVAL_MS) : now.getTime();
  } else {
    at = cronOf(schedule.cron, "schedule").nextRun(from)?.getTime() ?? Number.MAX_SAFE_INTEGER;
  }
  if (lastStart) at = Math.max(at, lastStart.getTime() + minIntervalMs);
  return new Date(Math.min(at, 8.64e15));
}

/** A random delay in [0, min(maxJitterMs, 10% of the interval)] so monitors added together do not fire together. */
export function jitterMs(intervalMs: number, maxJitterMs: number, random: () => number = Math.random): number {
  const bound = Math.max(0, Math.min(maxJitterMs, Math.floor(intervalMs * JITTER_FRACTION)));
  return Math.floor(random() * bound);
}

/** `every 6h` / `cron 0 *\/6 * * * (UTC)`: how lists show a schedule. */
export function describeSchedule(schedule: MonitorSchedule): string {
  return "every" in schedule ? `every ${schedule.every}` : `cron ${schedule.cron} (UTC)`;
}

/** When a monitor should next start: its next slot plus jitter (the value stored as next_run_at). */
export function planNextRun(
  schedule: MonitorSchedule,
  lastStart: Date | null,
  now: Date,
  opts: { minIntervalMs: number; maxJitterMs: number; random?: () => number },
): Date {
  const slot = nextSlot(schedule, lastStart, now, opts.minIntervalMs);
  const interval = Math.max(shortestGap(schedule, now), opts.minIntervalMs);
  return new Date(slot.getTime() + jitterMs(interval, opts.maxJitterMs, opts.random));
}
