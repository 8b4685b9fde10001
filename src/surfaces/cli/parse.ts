// Parsers for flag values: each failure is a UsageError with a one-line message (exit 2).
import { UsageError } from "../../core/errors.js";
import { CONTEXTS, DEPTHS, MODES, type Depth, type Grade, type Mode, type ScanContext, type Severity } from "../../core/types.js";
import { isSeverity } from "../../report/gate.js";
import { formatDuration, parseDuration } from "../../monitor/duration.js";

export function intFlag(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      throw new UsageError(`${name} must be a whole number from ${min} to ${max} (got '${value}')`);
    }
    return n;
  };
}

/** Highest --rate accepted, in requests per second. */
export const MAX_RATE = 10_000;

export function rateFlag(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(value.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m) throw new UsageError(`--rate must look like 20/s or 20: requests per second, more than 0 and at most ${MAX_RATE} (got '${value}')`);
  if (!(n > 0) || n > MAX_RATE) throw new UsageError(`--rate must be more than 0 and at most ${MAX_RATE} requests per second (got '${value}')`);
  return n;
}

function oneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(", ")} (got '${value}')`);
    return value as T;
  };
}

export const modeFlag: (v: string) => Mode = oneOf("--mode", MODES);
export const discoverFlag: (v: string) => "off" | "standard" | "deep" = oneOf("--discover", ["off", "standard", "deep"] as const);
export const depthFlag: (v: string) => Depth = oneOf("--depth", DEPTHS);
export const contextFlag: (v: string) => ScanContext = oneOf("--context", CONTEXTS);

export function severityFlag(value: string): Severity {
  const v = value.toLowerCase();
  if (!isSeverity(v)) throw new UsageError(`--fail-on must be one of critical, high, medium, low, info (got '${value}')`);
  return v;
}

export function thresholdFlag(value: string): number | Grade {
  const v = value.trim().toUpperCase();
  if (/^[ABCDF]$/.test(v)) return v as Grade;
  if (/^\d{1,3}$/.test(v) && Number(v) <= 100) return Number(v);
  throw new UsageError(`--threshold must be a score 0-100 or a grade A-F (got '${value}')`);
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A duration flag like 30s, 5m, 6h or 1h30m, at least `minMs`; milliseconds. */
export function durationFlag(name: string, minMs: number) {
  return (value: string): number => {
    const ms = parseDuration(value);
    if (ms === null) throw new UsageError(`${name} must be a duration like 30s, 5m, 6h or 1h30m (got '${value}')`);
    if (ms < minMs) throw new UsageError(`${name} must be at least ${formatDuration(minMs)} (got '${value}')`);
    return ms;
  };
}

/** An absolute http(s) URL without credentials, query or fragment, trailing slashes dropped. */
export function publicUrlFlag(value: string): string {
  let u: URL;
  try {
    u = new URL(value.trim());
  } catch {
    throw new UsageError(`--public-url must be an absolute URL like https://rampart.example.com (got '${value}')`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new UsageError(`--public-url must use http or https (got ${u.protocol})`);
  if (u.username || u.password || u.search || u.hash) throw new UsageError(`--public-url must be a plain base URL without credentials, query or fragment (got '${value}')`);
  return u.href.replace(/\/+$/, "");
}
