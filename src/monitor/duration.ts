// Durations as users write them (`6h`, `90m`, `1h30m`, `30s`): monitor schedules and `--min-interval`.
// Kept apart from schedule.ts so the CLI's flag parsers can use it without loading the cron library.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;

/** `6h`, `90m`, `1h30m`, `1s`, `500ms` → milliseconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (!DURATION.test(t)) return null;
  let ms = 0;
  for (const m of t.matchAll(PART)) ms += Number(m[1]) * (UNIT_MS[m[2] as string] ?? 0);
  return Number.isSafeInteger(ms) && ms > 0 ? ms : null;
}

/** 21600000 → `6h`, 5400000 → `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return "0s";
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  if (rest > 0) parts.push(`${rest}ms`);
  return parts.join("");
}
