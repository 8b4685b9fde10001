// `rampart llm <url>`: test one AI endpoint directly. A scan() of that URL with only the llmSecurity
// checks and the target named as the endpoint — the same engine, HTTP layer and checks as `rampart scan`.
import type { Command } from "commander";
import type { LlmSettings } from "../../../core/check.js";
import { UsageError } from "../../../core/errors.js";
import type { ScanReport } from "../../../core/types.js";
import type { ScanOptions } from "../../../engine/options.js";
import { scan } from "../../../engine/scan.js";
import type { LlmSummary } from "../../../llm/plan.js";
import { SHAPE_IDS, shapeDef } from "../../../llm/shapes.js";
import type { CliCommand, CliIO } from "../command.js";
import { collect, depthFlag, intFlag, severityFlag } from "../parse.js";
import { createProgress } from "../progress.js";
import { emitReport, type ScanFlags } from "./scan.js";

interface LlmFlags extends Pick<ScanFlags, "auth" | "depth" | "format" | "output" | "failOn" | "budget" | "timeout"> {
  shape?: string;
  pace?: number;
  llmJudge?: string;
  llmJudgeModel?: string;
}

export const JUDGE_KEY_ENV = "RAMPART_LLM_JUDGE_KEY";

export function llmOptions(url: string, f: LlmFlags, env: Record<string, string | undefined>): ScanOptions {
  if (f.shape && !shapeDef(f.shape)) throw new UsageError(`--shape must be one of ${SHAPE_IDS.join(", ")} or field:<name> (got '${f.shape}')`);
  const llm: LlmSettings = { targetIsEndpoint: true, shape: f.shape ?? null };
  if (f.llmJudge) {
    try {
      const u = new URL(f.llmJudge);
      if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("scheme");
    } catch {
      throw new UsageError(`--llm-judge must be an http(s) URL of an OpenAI-compatible API (got '${f.llmJudge}')`);
    }
    llm.judge = { url: f.llmJudge, model: f.llmJudgeModel ?? "gpt-4o-mini", apiKey: env[JUDGE_KEY_ENV] ?? null };
  }
  // The URL is the AI endpoint itself: no spec discovery around it.
  const o: ScanOptions = { target: url, env, checks: ["llmSecurity."], llm, discoverSpec: false };
  if (f.auth?.length) o.auth = f.auth;
  if (f.depth) o.depth = f.depth;
  if (f.pace !== undefined) o.llmPaceMs = f.pace;
  if (f.budget) o.budget = f.budget;
  if (f.timeout) o.timeoutMs = f.timeout;
  return o;
}

/** A few lines on what was tried, after the summary: shape, probes sent, what landed. */
export function renderLlmDigest(report: ScanReport): string {
  const s = report.extras["llm"] as LlmSummary | undefined;
  if (!s) return "";
  const lines = ["", `AI endpoint testing (depth ${s.depth}, up to ${s.budgetPerEndpoint} probes per endpoint):`];
  for (const e of s.endpoints) {
    lines.push(`  ${e.path}: shape ${e.shape ?? "unknown"}${e.shapeHow ? ` — ${e.shapeHow}` : ""}; ${e.probesSent} probes sent${e.probesSkipped ? `, ${e.probesSkipped} not applicable` : ""}${e.echoes ? "; echoes its input" : ""}`);
    if (e.landed.length > 0) lines.push(`    landed: ${e.landed.map((l) => l.probe).join(", ")}`);
    else if (e.reachable) lines.push("    no probe landed");
    for (const n of e.notes) lines.push(`    note: ${n}`);
  }
  return `${lines.join("\n")}\n`;
}

async function runLlm(url: string, flags: LlmFlags, io: CliIO): Promise<number> {
  const options = llmOptions(url, flags, io.env);
  const progress = createProgress(io.isTTY, (s) => process.stderr.write(s));
  try {
    const report = await scan(options, { onProgress: (e) => progress.onEvent(e) });
    progress.stop();
    const code = await emitReport(report, flags, io);
    if ((flags.format ?? "summary") === "summary" && !flags.output) io.out(renderLlmDigest(report));
    return code;
  } finally {
    progress.stop();
  }
}

export const llmCommand: CliCommand = {
  name: "llm",
  register(program: Command, io) {
    program
      .command("llm")
      .description("test one AI (LLM) endpoint: prompt injection, system-prompt leaks, jailbreaks, exfiltration, tool abuse, cost")
      .argument("<url>", "full URL of the AI endpoint, e.g. http://127.0.0.1:8000/v1/chat/completions")
      .option("--shape <shape>", `request shape: ${SHAPE_IDS.join(" | ")} | field:<name> (default: learned from the endpoint)`)
      .option("--auth <credential>", "bearer:<token> | header:<Name>=<v> | … as for scan; values may be env:VAR (repeatable)", collect)
      .option("--depth <depth>", "quick (5 probes) | standard (20) | deep (60, multi-turn and translated)", depthFlag)
      .option("--pace <ms>", "delay between prompts in ms (default 500)", intFlag("--pace", 0, 60_000))
      .option("--format <format>", "summary | json | any scan format (default summary)")
      .option("-o, --output <file>", "write the report to a file")
      .option("--fail-on <severity>", "gate: exit 1 on any finding at or above this severity", severityFlag)
      .option("--budget <n>", "maximum requests (default 2000)", intFlag("--budget", 1, 1_000_000))
      .option("--timeout <ms>", "per-request timeout in ms (default 10000)", intFlag("--timeout", 100, 600_000))
      .option("--llm-judge <url>", `optional OpenAI-compatible model that reviews unmatched extraction replies (key from ${JUDGE_KEY_ENV}); sends prompts and replies there`)
      .option("--llm-judge-model <name>", "model name for --llm-judge (default gpt-4o-mini)")
      .addHelpText(
        "after",
        `
Examples:
  rampart llm http://127.0.0.1:8000/v1/chat/completions
  rampart llm http://127.0.0.1:8000/chat --shape message --auth bearer:env:API_TOKEN --depth deep
  rampart llm http://127.0.0.1:8000/ask --format json -o llm.json --fail-on high`,
      )
      .action(async (url: string, flags: LlmFlags) => {
        io.setExitCode(await runLlm(url, flags, io));
      });
  },
};
