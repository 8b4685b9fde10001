// `rampart scan <url>` when it runs: flags → ScanOptions → scan() → renderer → gate → exit code.
// Its flags and help are in ../definitions/scan.ts.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "../../../core/errors.js";
import type { ScanReport } from "../../../core/types.js";
import { planScan, type ScanPlan } from "../../../engine/plan.js";
import { scan } from "../../../engine/scan.js";
import { evaluateGate, gateExitCode } from "../../../report/gate.js";
import { recordScan } from "../../../store/index.js";
import type { Format } from "../../../report/renderers/index.js";
import { resolveSettings } from "../../../config/scan-settings.js";
import { parseOutputFormats, PDF_FILE, render, writePdf, writeReports, type OutputFormat } from "../../report-files.js";
import { flagsToOptions, type ScanFlags } from "../../scan-options.js";
import type { CliIO } from "../command.js";
import { createProgress } from "../progress.js";

export type { ScanFlags } from "../../scan-options.js";

export function renderPlan(plan: ScanPlan): string {
  const lines = [
    `Target: ${plan.target}`,
    `Spec: ${plan.specSource ?? (plan.specRejected ? `rejected (${plan.specRejected}); the URL alone would be scanned` : "none found (scanning the URL alone)")}`,
    `Operations: ${plan.operations} planned, ${plan.skippedOperations.length} skipped`,
    ...plan.skippedOperations.map((s) => `  skipped ${s.method} ${s.path}: ${s.reason}`),
    "",
    "Planned requests (upper bounds):",
    `  ${"spec requests (already sent)".padEnd(48)} ${plan.discoveryRequests}`,
    ...(plan.endpointDiscovery ? [`  ${`endpoint discovery (--discover ${plan.endpointDiscovery.level}, GET only)`.padEnd(48)} ${plan.endpointDiscovery.requests}`] : []),
    `  ${"baseline crawl".padEnd(48)} ${plan.crawlRequests}`,
    ...plan.checks.map((c) => `  ${c.checkId.padEnd(48)} ${c.skipped ? `skipped: ${c.skipped}` : c.requests}`),
    `  ${"total".padEnd(48)} ${plan.total} (budget ${plan.budget})`,
    ...activeSection(plan),
    "",
    sentLine(plan),
    ...(plan.confirmation ? [`needs: ${plan.confirmation}`] : []),
    ...plan.notes.slice(0, 10).map((n) => `note: ${n}`),
  ];
  return `${lines.join("\n")}\n`;
}

/** Every request of the active checks, and what each check may change. */
function activeSection(plan: ScanPlan): string[] {
  const active = plan.checks.filter((c) => c.planned && !c.skipped);
  if (active.length === 0) return [];
  const lines = ["", "Active requests (attack payloads and writes; objects created are deleted at the end):"];
  for (const c of active) {
    lines.push(`  ${c.checkId}${c.changes ? ` (may change: ${c.changes})` : ""}`);
    for (const r of c.planned ?? []) lines.push(`    ${r.method} ${r.url}${r.body ? ` body ${r.body}` : ""}  # ${r.purpose}`);
  }
  return lines;
}

/** What the dry run itself sent: the spec requests only, and whether they carried credentials. */
function sentLine(plan: ScanPlan): string {
  const { anonymous, authenticated } = plan.specRequests;
  if (anonymous + authenticated === 0) return "Sent: nothing (the spec was read from a file).";
  const parts = [`${anonymous} without credentials`];
  if (authenticated) parts.push(`${authenticated} with credentials, because the server refused the spec without them (401/403)`);
  return `Sent: ${anonymous + authenticated} GET request(s) to fetch the spec, ${parts.join(", ")}; no probe.`;
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
  // Ctrl-C or SIGTERM: one last line saying what was kept, then exit 130/143.
  const onInterrupt = (signal: NodeJS.Signals, saved: string) => {
    progress.stop();
    io.err(`rampart: interrupted by ${signal}: no report written; ${saved}`);
  };
  const unstored = (signal: NodeJS.Signals) => {
    onInterrupt(signal, "nothing saved (--no-store)");
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  if (flags.store === false) {
    process.once("SIGINT", unstored);
    process.once("SIGTERM", unstored);
  }
  try {
    // recordScan hands back the options with the target's stored triage merged into the baseline.
    const run = (o: typeof options = options) => scan(o, { onProgress: (e) => progress.onEvent(e) });
    // Every scan lands in the local history unless --no-store; SIGINT/SIGTERM marks it failed.
    const record = { options, env: io.env, warn: (m: string) => io.err(m), handleSignals: true, onInterrupt };
    const report = flags.store === false ? await run() : await recordScan(run, record);
    progress.stop();
    return await emitReport(report, flags, io);
  } finally {
    progress.stop();
    process.off("SIGINT", unstored);
    process.off("SIGTERM", unstored);
  }
}
