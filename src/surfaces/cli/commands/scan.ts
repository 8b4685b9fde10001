// `rampart scan <url>`: flags → ScanOptions → scan() → renderer → gate → exit code.
import { writeFileSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { UsageError } from "../../../core/errors.js";
import type { ScanReport } from "../../../core/types.js";
import { planScan, type ScanPlan } from "../../../engine/plan.js";
import { scan } from "../../../engine/scan.js";
import { evaluateGate, gateExitCode } from "../../../report/gate.js";
import { recordScan } from "../../../store/index.js";
import { FORMATS, type Format } from "../../../report/renderers/index.js";
import { resolveSettings } from "../../../config/scan-settings.js";
import { parseOutputFormats, PDF_FILE, render, writePdf, writeReports, type OutputFormat } from "../../report-files.js";
import { flagsToOptions, type ScanFlags } from "../../scan-options.js";
import type { CliCommand, CliIO } from "../command.js";
import { collect, contextFlag, depthFlag, intFlag, modeFlag, rateFlag, severityFlag, thresholdFlag } from "../parse.js";
import { createProgress } from "../progress.js";

export type { ScanFlags } from "../../scan-options.js";

/** Adds the flags shared by `scan` and `demo`. */
export function addScanFlags(cmd: Command): Command {
  return cmd
    .option("--spec <url|file>", "OpenAPI/Swagger document (default: try well-known locations on the target)")
    .option("--auth <credential>", "bearer:<token> | header:<Name>=<v> | query:<n>=<v> | basic:<user>:<pass> | cookie:<n>=<v>; prefix @label= for a named identity; values may be env:VAR (repeatable)", collect)
    .option("--mode <mode>", "passive | safe | active (default safe: the HTTP-safe methods GET/HEAD/OPTIONS/TRACE only)", modeFlag)
    .option("--depth <depth>", "quick | standard | deep (default standard)", depthFlag)
    .option("--context <context>", "financial | medical | public | internal: adjusts severities", contextFlag)
    .option("--format <format>", `output format: ${FORMATS.join(" | ")} | pdf (default summary); several, comma-separated, with --output-dir; pdf needs -o or --output-dir`)
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--output-dir <dir>", "write one file per --format into this directory (rampart-report.json, rampart.sarif, …)")
    .option("--config <file>", "settings file (default: .rampart.yml in the working directory if present)")
    .option("--baseline <file>", "ignore entries (YAML or JSON) whose findings are suppressed; see rampart baseline")
    .option("--threshold <score|grade>", "gate: exit 1 when the score is under this (0-100 or A-F)", thresholdFlag)
    .option("--fail-on <severity>", "gate: exit 1 on any finding at or above this severity", severityFlag)
    .option("--concurrency <n>", "parallel requests (default 8)", intFlag("--concurrency", 1, 256))
    .option("--rate <n/s>", "requests per second, global (default 50/s)", rateFlag)
    .option("--budget <n>", "maximum requests for the whole scan (default 2000)", intFlag("--budget", 1, 1_000_000))
    .option("--timeout <ms>", "per-request timeout in ms (default 10000)", intFlag("--timeout", 100, 600_000))
    .option("--include-operation <op>", "call a state-changing-looking operation anyway, e.g. 'GET /reset' (repeatable)", collect)
    .option("--checks <prefix>", "only run checks whose id starts with this, e.g. encryption. (repeatable)", collect)
    .option("--skip-checks <prefix>", "do not run checks whose id starts with this (repeatable)", collect)
    .option("--burst <n>", "requests in the rate-limit burst probe (default 30)", intFlag("--burst", 1, 500))
    .option("--llm-pace <ms>", "pause between prompts sent to an AI endpoint (default 500)", intFlag("--llm-pace", 0, 60_000))
    .option("--ca <pem>", "extra trusted CA certificate(s), PEM file")
    .option("--dsn <url>", "database connection string to analyse and probe (repeatable)", collect)
    .option("--db <host:port>", "PostgreSQL-wire database to probe (repeatable)", collect)
    .option("--probe-db", "also probe the API host's database ports (5432, 26257)")
    .option("--no-store", "do not save this scan in the local scan history")
    .option("--dry-run", "print the planned requests per check and the total, without sending any probe");
}

export function renderPlan(plan: ScanPlan): string {
  const lines = [
    `Target: ${plan.target}`,
    `Spec: ${plan.specSource ?? "none found (scanning the URL alone)"}`,
    `Operations: ${plan.operations} planned, ${plan.skippedOperations.length} skipped`,
    ...plan.skippedOperations.map((s) => `  skipped ${s.method} ${s.path}: ${s.reason}`),
    "",
    "Planned requests (upper bounds):",
    `  ${"discovery (already sent)".padEnd(48)} ${plan.discoveryRequests}`,
    `  ${"baseline crawl".padEnd(48)} ${plan.crawlRequests}`,
    ...plan.checks.map((c) => `  ${c.checkId.padEnd(48)} ${c.skipped ? `skipped: ${c.skipped}` : c.requests}`),
    `  ${"total".padEnd(48)} ${plan.total} (budget ${plan.budget})`,
  ];
  return `${lines.join("\n")}\n`;
}

/** The formats asked for, checked against the output flags before any traffic. */
export function resolveFormats(flags: ScanFlags): OutputFormat[] {
  const formats = parseOutputFormats(flags.format);
  if (flags.output && flags.outputDir) throw new UsageError("use --output or --output-dir, not both");
  if (formats.length > 1 && !flags.outputDir) throw new UsageError("several --format values need --output-dir <dir>");
  if (formats.includes("pdf") && !flags.output && !flags.outputDir) throw new UsageError("--format pdf writes a file: add -o report.pdf (or --output-dir <dir>)");
  return formats;
}

/** Renders, writes and gates a finished report; returns the exit code. */
export async function emitReport(report: ScanReport, flags: ScanFlags, io: CliIO): Promise<number> {
  const formats = resolveFormats(flags);
  const gate = evaluateGate(report, { threshold: flags.threshold ?? null, failOn: flags.failOn ?? null });
  // Reports show the gate only when one was asked for.
  const gated = flags.threshold !== undefined || flags.failOn !== undefined;
  const ctx = { baseDir: io.cwd, ...(gated ? { gate } : {}) };
  if (flags.outputDir) {
    // Files for machines, the summary for the person reading the log.
    const text = formats.filter((f): f is Format => f !== "pdf");
    const written: string[] = Object.values(writeReports(report, text, flags.outputDir, ctx));
    if (formats.includes("pdf")) {
      const file = path.join(flags.outputDir, PDF_FILE);
      await writePdf(report, file, ctx);
      written.push(file);
    }
    io.out(render(report, "summary", { ...ctx, color: io.color }));
    io.err(`reports written: ${written.join(", ")}`);
  } else if (formats[0] === "pdf" && flags.output) {
    await writePdf(report, flags.output, ctx);
    if (io.isTTY) io.err(`report written to ${flags.output} (grade ${report.grade}, score ${report.score})`);
  } else {
    const format = (formats[0] as Format | undefined) ?? "summary";
    const text = render(report, format, { ...ctx, color: io.color && !flags.output && format === "summary" });
    if (flags.output) {
      try {
        writeFileSync(flags.output, text);
      } catch {
        throw new UsageError(`cannot write --output ${flags.output}`);
      }
      if (io.isTTY) io.err(`report written to ${flags.output} (grade ${report.grade}, score ${report.score})`);
    } else io.out(text);
  }
  if (!gated && report.incomplete?.length) io.err(`rampart: warning: the scan is incomplete: ${report.incomplete.map((r) => r.message).join("; ")}`);
  if (!gate.passed) io.err(`rampart: ${gate.couldNotScan ? "could not scan" : "gate failed"}: ${gate.reasons.join("; ")}`);
  return gated ? gateExitCode(gate) : 0;
}

export async function runScan(url: string | undefined, cliFlags: ScanFlags, io: CliIO): Promise<number> {
  const settings = resolveSettings(url, cliFlags, io.cwd); // .rampart.yml fills what flags leave unset
  const flags = settings.flags;
  resolveFormats(flags); // fail on a bad format before any traffic
  const options = flagsToOptions(settings.target, flags, io.env, settings.baseline);
  if (flags.dryRun) {
    io.out(renderPlan(await planScan(options)));
    return 0;
  }
  const progress = createProgress(io.isTTY, (s) => process.stderr.write(s));
  try {
    const run = () => scan(options, { onProgress: (e) => progress.onEvent(e) });
    // Every scan lands in the local history unless --no-store; SIGINT/SIGTERM marks it failed.
    const record = { options, env: io.env, warn: (m: string) => io.err(m), handleSignals: true };
    const report = flags.store === false ? await run() : await recordScan(run, record);
    progress.stop();
    return await emitReport(report, flags, io);
  } finally {
    progress.stop();
  }
}

export const scanCommand: CliCommand = {
  name: "scan",
  register(program, io) {
    const cmd = program
      .command("scan")
      .description("scan an API: discover its spec, probe read-only, grade A-F with findings and fixes")
      .argument("[url]", "base URL of the API, e.g. http://127.0.0.1:8000 (default: target in .rampart.yml)");
    addScanFlags(cmd)
      .addHelpText(
        "after",
        `
Examples:
  rampart scan http://127.0.0.1:8000
  rampart scan http://127.0.0.1:8000 --spec ./openapi.yaml --auth bearer:env:API_TOKEN
  rampart scan https://api.local --auth @alice=bearer:env:ALICE --auth @bob=bearer:env:BOB --depth deep
  rampart scan http://127.0.0.1:8000 --format json -o report.json --threshold B --fail-on high
  rampart scan http://127.0.0.1:8000 --dry-run`,
      )
      .action(async (url: string | undefined, flags: ScanFlags) => {
        io.setExitCode(await runScan(url, flags, io));
      });
  },
};
