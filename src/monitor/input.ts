// What a user gives to create or edit a monitor (API body, CLI flags), checked the same way for both: an
// http(s) URL without credentials, a schedule within the server's minimum interval, scan settings.
import { InputError } from "../core/errors.js";
import type { MonitorSchedule, MonitorSettings } from "../store/monitors.js";
import { parseSchedule } from "./schedule.js";

export interface MonitorInput extends MonitorSettings {
  url: string;
  spec?: string | null;
  name?: string | null;
  schedule: unknown;
  paused?: boolean;
}

export type MonitorInputPatch = Partial<MonitorInput>;

const SETTING_KEYS = ["mode", "depth", "context", "identities", "checks", "excludeChecks", "budget", "rate", "concurrency"] as const;

/** An absolute http(s) URL without credentials; InputError naming `field` otherwise. */
export function monitorUrl(field: string, value: string): string {
  const trimmed = value.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    throw new InputError(`${field} must be an absolute URL like http://127.0.0.1:8000 (got '${trimmed.slice(0, 200)}')`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new InputError(`${field} must use http or https (got ${u.protocol})`);
  if (u.username || u.password) throw new InputError(`${field} must not carry credentials; store an identity for the target instead`);
  return trimmed;
}

export function settingsOf(input: Partial<MonitorSettings>, base: MonitorSettings = {}): MonitorSettings {
  const out: Record<string, unknown> = { ...base };
  for (const key of SETTING_KEYS) {
    const v = input[key];
    if (v === undefined) continue;
    if (v === null || (Array.isArray(v) && v.length === 0)) delete out[key];
    else out[key] = v;
  }
  return out as MonitorSettings;
}

export interface CheckedMonitor {
  name: string | null;
  target: string;
  specUrl: string | null;
  schedule: MonitorSchedule;
  settings: MonitorSettings;
  paused: boolean;
}

export function checkMonitorInput(input: MonitorInput, minIntervalMs: number, prefix = "body."): CheckedMonitor {
  return {
    name: input.name?.trim() || null,
    target: monitorUrl(`${prefix}url`, input.url),
    specUrl: input.spec ? monitorUrl(`${prefix}spec`, input.spec) : null,
    schedule: parseSchedule(input.schedule, minIntervalMs, `${prefix}schedule`),
    settings: settingsOf(input),
    paused: input.paused ?? false,
  };
}
