// `rampart llm <url>`: test one AI endpoint directly. A scan() of that URL with only the llmSecurity
// checks and the target named as the endpoint — the same engine, HTTP layer and checks as `rampart scan`.
// Its flags and help are in ../definitions/llm.ts.
import type { LlmSettings } from "../../../core/check.js";
import { UsageError } from "../../../core/errors.js";
import type { ScanReport } from "../../../core/types.js";
import type { ScanOptions } from "../../../engine/options.js";
import { scan } from "../../../engine/scan.js";
import type { LlmSummary } from "../../../llm/plan.js";
import { SHAPE_IDS, shapeDef } from "../../../llm/shapes.js";
import type { CliIO } from "../command.js";
import { JUDGE_KEY_ENV } from "../definitions/llm.js";
import { createProgress } from "../progress.js";
import { emitReport, type ScanFlags } from "./scan.js";

export interface LlmFlags extends Pick<ScanFlags, "auth" | "depth" | "format" | "output" | "failOn" | "budget" | "timeout"> {
  shape?: string;
  pace?: number;
  llmJudge?: string;
  llmJudgeModel?: string;
}

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

export async function runLlm(url: string, flags: LlmFlags, io: CliIO): Promise<number> {
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
