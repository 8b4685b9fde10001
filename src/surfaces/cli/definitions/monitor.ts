// `rampart monitor add|list|runs|edit|pause|resume|remove`: flags and help; ../commands/monitor.ts does the work.
import type { Command } from "commander";
import type { CliCommand } from "../command.js";
import type { MonitorAddFlags, MonitorEditFlags, MonitorListFlags, MonitorPageFlags, MonitorStoreFlags } from "../commands/monitor.js";
import { collect, contextFlag, depthFlag, durationFlag, intFlag, modeFlag } from "../parse.js";

function storeOptions(cmd: Command): Command {
  return cmd
    .option("--store <file|url>", "SQLite file or postgres:// URL (default: RAMPART_STORE, else the file `rampart serve` uses)")
    .option(
      "--min-interval <duration>",
      "the --min-interval of the `rampart serve` that runs the monitors: schedules more frequent are refused (unset: warned about when under 5m, the server's default)",
      durationFlag("--min-interval", 1000),
    );
}

function scheduleOptions(cmd: Command): Command {
  return cmd
    .option("--every <duration>", "run start to start every 30m, 6h, 1d, 1h30m …")
    .option("--cron <expression>", 'run at cron times in UTC, e.g. "0 */6 * * *" (a sixth leading field counts seconds)');
}

function settingOptions(cmd: Command): Command {
  return cmd
    .option("--spec <url>", "OpenAPI document the runs use (http or https URL)")
    .option("--name <name>", "what the monitor watches, e.g. orders-api")
    .option("--identity <label>", "stored identity to scan with (repeatable; see PUT /api/identities)", collect)
    .option("--mode <mode>", "passive | safe | active (default safe; active sends attack payloads and writes: see docs/active.md)", modeFlag)
    .option("--depth <depth>", "quick | standard | deep (default standard)", depthFlag)
    .option("--context <context>", "financial | medical | public | internal: adjusts severities", contextFlag);
}

const EXAMPLES = `
A monitor is a target rescanned on a schedule by \`rampart serve\` on the same store; each run is compared with
the previous completed one and raises events (finding.new, finding.resolved, grade.changed, certificate.expiring,
target.unreachable, target.recovered, scan.completed, scan.failed) that webhooks deliver. Runs get a small random
delay (at most a tenth of the interval, never over a minute); one run of a monitor at a time; a run missed while
the server was down runs once at start. See docs/monitoring.md.

The store is the one \`rampart serve\` uses: a SQLite file or a PostgreSQL URL (--store or RAMPART_STORE).
The minimum interval between runs is the server's (\`rampart serve --min-interval\`, default 5m): a schedule
more frequent than that still runs, at most once per the server's interval. This command cannot see the
server's setting: give it the same --min-interval to have such schedules refused (as the API refuses them);
without it, a schedule under 5m is accepted with a warning.

Examples:
  rampart monitor add https://api.example.com --every 6h --spec https://api.example.com/openapi.json
  rampart monitor add https://staging.example.com --cron "0 3 * * *" --identity alice --name staging
  rampart monitor list
  rampart monitor list --offset 50
  RAMPART_STORE=postgres://rampart@db.example.com/rampart rampart monitor list
  rampart monitor runs mon_0123456789abcdef
  rampart monitor edit mon_0123456789abcdef --every 12h --depth deep
  rampart monitor pause mon_0123456789abcdef
  rampart monitor resume mon_0123456789abcdef
  rampart monitor remove mon_0123456789abcdef`;

export const monitorCommand: CliCommand = {
  name: "monitor",
  register(program, io) {
    const monitor = program
      .command("monitor")
      .description("add, list, edit, pause, resume and remove scheduled rescans run by `rampart serve`")
      .addHelpText("after", EXAMPLES);
    settingOptions(scheduleOptions(storeOptions(monitor.command("add").description("add a monitor; prints its id").argument("<url>", "base URL of the API (http or https)"))))
      .option("--paused", "add it paused (resume it to start)")
      .action(async (url: string, flags: MonitorAddFlags) => {
        const { runMonitorAdd } = await import("../commands/monitor.js");
        await runMonitorAdd(url, flags, io);
      });
    storeOptions(monitor.command("list").description("list monitors (oldest first, 50 at a time) with their schedule, next run and last run"))
      .option("--format <format>", "table | json (default table)")
      .option("--limit <n>", "monitors to show (default 50)", intFlag("--limit", 1, 10_000))
      .option("--offset <n>", "skip this many first (the next page starts at offset + limit)", intFlag("--offset", 0, 10_000_000))
      .action(async (flags: MonitorPageFlags) => {
        const { runMonitorList } = await import("../commands/monitor.js");
        await runMonitorList(flags, io);
      });
    storeOptions(monitor.command("runs").description("a monitor's runs, newest first").argument("<id>", "monitor id from `rampart monitor list`"))
      .option("--format <format>", "table | json (default table)")
      .option("--limit <n>", "runs to show (default 20)", intFlag("--limit", 1, 1000))
      .action(async (id: string, flags: MonitorListFlags & { limit?: number }) => {
        const { runMonitorRuns } = await import("../commands/monitor.js");
        await runMonitorRuns(id, flags, io);
      });
    settingOptions(scheduleOptions(storeOptions(monitor.command("edit").description("change a monitor (only the flags given change)").argument("<id>", "monitor id"))))
      .option("--url <url>", "new base URL of the API")
      .option("--clear-spec", "run without an OpenAPI document")
      .option("--clear-identities", "scan without stored identities")
      .option("--clear-name", "remove the name")
      .action(async (id: string, flags: MonitorEditFlags) => {
        const { runMonitorEdit } = await import("../commands/monitor.js");
        await runMonitorEdit(id, flags, io);
      });
    for (const [name, description] of [
      ["pause", "pause a monitor (a run in progress finishes)"],
      ["resume", "resume a monitor; an overdue run starts once, at once"],
      ["remove", "delete a monitor and its run history (its scans and events stay)"],
    ] as const) {
      storeOptions(monitor.command(name).description(description).argument("<id>", "monitor id")).action(async (id: string, flags: MonitorStoreFlags) => {
        const m = await import("../commands/monitor.js");
        const run = name === "pause" ? m.runMonitorPause : name === "resume" ? m.runMonitorResume : m.runMonitorRemove;
        await run(id, flags, io);
      });
    }
  },
};
