// `rampart monitor add|list|runs|edit|pause|resume|remove`: scheduled rescans, written to the same store
// `rampart serve` reads (SQLite file or PostgreSQL, through the store contract; a running server picks up
// changes on its next tick). Input is checked as the API checks it (src/monitor/input.ts, schedule.ts);
// errors are one line naming the flag. The minimum interval is the server's: the CLI checks a schedule
// against it only when told it (--min-interval), and otherwise warns when a schedule is more frequent than
// the server's default floor, which the server then applies.
import { InputError, UsageError } from "../../../core/errors.js";
import type { Depth, Mode, ScanContext } from "../../../core/types.js";
import { monitorUrl, settingsOf } from "../../../monitor/input.js";
import { DEFAULT_MAX_JITTER_MS, DEFAULT_MIN_INTERVAL_MS, describeSchedule, formatDuration, parseSchedule, planNextRun, shortestGap } from "../../../monitor/schedule.js";
import type { MonitorRepository } from "../../../store/contract.js";
import { openRampartStore } from "../../../store/index.js";
import type { MonitorPatch, MonitorRecord, MonitorRun, MonitorSchedule } from "../../../store/monitors.js";
import type { CliIO } from "../command.js";
import { table, when } from "../table.js";

export interface MonitorStoreFlags {
  store?: string;
  /** Milliseconds: the floor of the server that runs the monitors, when the user states it (`rampart serve --min-interval`). */
  minInterval?: number;
}

export interface MonitorScheduleFlags {
  every?: string;
  cron?: string;
}

export interface MonitorSettingFlags {
  name?: string;
  spec?: string;
  identity?: string[];
  mode?: Mode;
  depth?: Depth;
  context?: ScanContext;
}

export type MonitorAddFlags = MonitorStoreFlags & MonitorScheduleFlags & MonitorSettingFlags & { paused?: boolean };
export type MonitorEditFlags = MonitorStoreFlags &
  MonitorScheduleFlags &
  MonitorSettingFlags & { url?: string; clearSpec?: boolean; clearIdentities?: boolean; clearName?: boolean };
export type MonitorListFlags = MonitorStoreFlags & { format?: string };
export type MonitorPageFlags = MonitorListFlags & { limit?: number; offset?: number };

/** Default page of `monitor list`, as GET /api/monitors. */
export const MONITOR_PAGE = 50;

async function withMonitors<T>(flags: MonitorStoreFlags, io: CliIO, fn: (monitors: MonitorRepository) => Promise<T>): Promise<T> {
  const store = await openRampartStore({ store: flags.store, env: io.env, postgres: { max: 1, reap: false } });
  try {
    return await fn(store.monitors);
  } finally {
    await store.close();
  }
}

/**
 * `--every` or `--cron` (exactly one when `required`). With --min-interval (the floor the user says their
 * server runs with) a more frequent schedule is refused, as the API refuses it; without it the CLI cannot know
 * the server's floor, so a schedule more frequent than the default floor is accepted with a warning.
 */
export function scheduleFromFlags(flags: MonitorScheduleFlags & Pick<MonitorStoreFlags, "minInterval">, required: boolean, io: Pick<CliIO, "err">): MonitorSchedule | undefined {
  if (flags.every !== undefined && flags.cron !== undefined) throw new UsageError("give --every or --cron, not both");
  if (flags.every === undefined && flags.cron === undefined) {
    if (required) throw new UsageError('a monitor needs a schedule: --every 6h or --cron "0 */6 * * *"');
    return undefined;
  }
  const flag = flags.every !== undefined ? "--every" : "--cron";
  let schedule: MonitorSchedule;
  try {
    // The floor is checked below, with a message about the flags rather than the API field.
    schedule = parseSchedule(flags.every !== undefined ? { every: flags.every } : { cron: flags.cron }, 0, "schedule");
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message.replace(/^schedule\.(every|cron)/, "--$1"));
    throw e;
  }
  const gap = shortestGap(schedule);
  if (flags.minInterval !== undefined && gap < flags.minInterval) {
    throw new UsageError(
      `${flag} runs every ${formatDuration(gap)}, more often than the server allows (--min-interval ${formatDuration(flags.minInterval)})`,
    );
  }
  if (flags.minInterval === undefined && gap < DEFAULT_MIN_INTERVAL_MS) {
    io.err(
      `warning: ${flag} runs every ${formatDuration(gap)}; \`rampart serve\` starts a monitor at most once per its --min-interval ` +
        `(default ${formatDuration(DEFAULT_MIN_INTERVAL_MS)}), so runs come that often unless the server was started with a lower one`,
    );
  }
  return schedule;
}

function settingsFromFlags(flags: MonitorSettingFlags) {
  return {
    ...(flags.mode ? { mode: flags.mode } : {}),
    ...(flags.depth ? { depth: flags.depth } : {}),
    ...(flags.context ? { context: flags.context } : {}),
    ...(flags.identity?.length ? { identities: flags.identity.map((l) => l.trim()).filter(Boolean) } : {}),
  };
}

/** Errors of the shared checks name API fields; here they name the argument or flag. */
function asUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * When the next run starts, from the last start. The floor is the stated --min-interval, else none: the
 * server applies its own floor when it plans the runs after this one.
 */
async function plan(monitors: MonitorRepository, m: Pick<MonitorRecord, "id" | "schedule">, flags: MonitorStoreFlags, now = new Date()): Promise<string> {
  const last = (await monitors.runs(m.id, 1))[0];
  return planNextRun(m.schedule, last ? new Date(last.startedAt) : null, now, { minIntervalMs: flags.minInterval ?? 0, maxJitterMs: DEFAULT_MAX_JITTER_MS }).toISOString();
}

async function found(monitors: MonitorRepository, id: string): Promise<MonitorRecord> {
  const m = await monitors.get(id);
  if (!m) throw new UsageError(`no monitor has id '${id.trim()}' (see rampart monitor list)`);
  return m;
}

function lastRunText(r: MonitorRun | undefined): string {
  if (!r) return "never";
  if (r.status === "completed") return `${r.grade ?? "?"} ${r.score ?? "?"}/100 ${when(r.finishedAt)}`;
  return `${r.status} ${when(r.finishedAt ?? r.startedAt)}`;
}

function describe(m: MonitorRecord): string {
  const label = m.name ? `'${m.name}' ` : "";
  return `monitor ${m.id} ${label}(${m.target}, ${describeSchedule(m.schedule)})`;
}

function nextText(m: MonitorRecord): string {
  return m.paused || !m.nextRunAt ? "paused" : `next run ${when(m.nextRunAt)} UTC`;
}

export async function runMonitorAdd(url: string, flags: MonitorAddFlags, io: CliIO): Promise<void> {
  const target = asUsage(() => monitorUrl("<url>", url));
  const specUrl = flags.spec ? asUsage(() => monitorUrl("--spec", flags.spec as string)) : null;
  const schedule = scheduleFromFlags(flags, true, io) as MonitorSchedule;
  const settings = settingsOf(settingsFromFlags(flags));
  await withMonitors(flags, io, async (monitors) => {
    const now = new Date();
    const paused = flags.paused ?? false;
    const made = await monitors.insert(
      {
        name: flags.name?.trim() || null,
        target,
        specUrl,
        settings,
        schedule,
        paused,
        nextRunAt: paused ? null : planNextRun(schedule, null, now, { minIntervalMs: flags.minInterval ?? 0, maxJitterMs: DEFAULT_MAX_JITTER_MS }).toISOString(),
        createdBy: "cli",
      },
      now,
    );
    io.out(made.id);
    io.err(`added ${describe(made)}; ${nextText(made)} by \`rampart serve\` on this store`);
  });
}

function checkFormat(format: string | undefined): void {
  if (format && format !== "table" && format !== "json") throw new UsageError(`--format must be table or json (got '${format}')`);
}

/** A page of monitors, oldest first (as GET /api/monitors); the table says on stderr where the next page starts. */
export async function runMonitorList(flags: MonitorPageFlags, io: CliIO): Promise<void> {
  checkFormat(flags.format);
  const limit = flags.limit ?? MONITOR_PAGE;
  const offset = flags.offset ?? 0;
  await withMonitors(flags, io, async (monitors) => {
    const [list, total, last] = await Promise.all([monitors.list({ limit, offset }), monitors.count(), monitors.latestRuns()]);
    if (flags.format === "json") return io.out(JSON.stringify(list.map((m) => ({ ...m, lastRun: last.get(m.id) ?? null })), null, 2));
    if (total === 0) return io.out("No monitors. Add one with: rampart monitor add <url> --every 6h");
    if (list.length === 0) return io.out(`No monitors from --offset ${offset}: there are ${total}.`);
    const rows = [
      ["ID", "STATE", "SCHEDULE", "NEXT RUN (UTC)", "LAST RUN", "TARGET", "NAME"],
      ...list.map((m) => [m.id, m.paused ? "paused" : "active", describeSchedule(m.schedule), when(m.nextRunAt), lastRunText(last.get(m.id)), m.target, m.name ?? ""]),
    ];
    io.out(table(rows));
    const end = offset + list.length;
    if (offset > 0 || end < total) {
      io.err(`monitors ${offset + 1}-${end} of ${total}${end < total ? `; next page: --offset ${end}${flags.limit ? ` --limit ${limit}` : ""}` : ""}`);
    }
  });
}

export async function runMonitorRuns(id: string, flags: MonitorListFlags & { limit?: number }, io: CliIO): Promise<void> {
  checkFormat(flags.format);
  await withMonitors(flags, io, async (monitors) => {
    const m = await found(monitors, id);
    const runs = await monitors.runs(m.id, flags.limit ?? 20);
    if (flags.format === "json") return io.out(JSON.stringify(runs, null, 2));
    if (runs.length === 0) return io.out(`${describe(m)} has not run yet; ${nextText(m)}`);
    const rows = [
      ["RUN", "STARTED (UTC)", "STATUS", "GRADE", "EVENTS", "SCAN", "ERROR"],
      ...runs.map((r) => [String(r.id), when(r.startedAt), r.status, r.grade ? `${r.grade} ${r.score}` : "-", String(r.events), r.scanId ?? "-", r.error ?? ""]),
    ];
    io.out(table(rows));
  });
}

export async function runMonitorEdit(id: string, flags: MonitorEditFlags, io: CliIO): Promise<void> {
  if (flags.spec !== undefined && flags.clearSpec) throw new UsageError("give --spec or --clear-spec, not both");
  if (flags.identity?.length && flags.clearIdentities) throw new UsageError("give --identity or --clear-identities, not both");
  if (flags.name !== undefined && flags.clearName) throw new UsageError("give --name or --clear-name, not both");
  const patch: MonitorPatch = {};
  if (flags.url !== undefined) patch.target = asUsage(() => monitorUrl("--url", flags.url as string));
  if (flags.spec !== undefined) patch.specUrl = asUsage(() => monitorUrl("--spec", flags.spec as string));
  if (flags.clearSpec) patch.specUrl = null;
  if (flags.name !== undefined) patch.name = flags.name.trim() || null;
  if (flags.clearName) patch.name = null;
  const schedule = scheduleFromFlags(flags, false, io);
  if (schedule) patch.schedule = schedule;
  await withMonitors(flags, io, async (monitors) => {
    const m = await found(monitors, id);
    const settings = settingsOf({ ...settingsFromFlags(flags), ...(flags.clearIdentities ? { identities: [] } : {}) }, m.settings);
    if (JSON.stringify(settings) !== JSON.stringify(m.settings)) patch.settings = settings;
    if (Object.keys(patch).length === 0) throw new UsageError("nothing to change: give --url, --spec, --every, --cron, --name, --identity, --mode, --depth or --context");
    // A new schedule plans the next run afresh (from the last start); a paused monitor stays paused.
    if (patch.schedule && !m.paused) patch.nextRunAt = await plan(monitors, { id: m.id, schedule: patch.schedule }, flags);
    const updated = (await monitors.update(m.id, patch)) ?? m;
    io.out(`updated ${describe(updated)}; ${nextText(updated)}`);
  });
}

export async function runMonitorPause(id: string, flags: MonitorStoreFlags, io: CliIO): Promise<void> {
  await withMonitors(flags, io, async (monitors) => {
    const m = await found(monitors, id);
    if (m.paused) return io.out(`${describe(m)} is already paused`);
    const updated = (await monitors.update(m.id, { paused: true, nextRunAt: null })) ?? m;
    io.out(`paused ${describe(updated)} (a run in progress finishes)`);
  });
}

export async function runMonitorResume(id: string, flags: MonitorStoreFlags, io: CliIO): Promise<void> {
  await withMonitors(flags, io, async (monitors) => {
    const m = await found(monitors, id);
    if (!m.paused) return io.out(`${describe(m)} is not paused; ${nextText(m)}`);
    // An overdue slot runs once, at once (never once per missed slot).
    const updated = (await monitors.update(m.id, { paused: false, nextRunAt: await plan(monitors, m, flags) })) ?? m;
    io.out(`resumed ${describe(updated)}; ${nextText(updated)}`);
  });
}

export async function runMonitorRemove(id: string, flags: MonitorStoreFlags, io: CliIO): Promise<void> {
  await withMonitors(flags, io, async (monitors) => {
    const m = await found(monitors, id);
    await monitors.remove(m.id);
    io.out(`removed ${describe(m)} and its run history (its scans and events stay)`);
  });
}
