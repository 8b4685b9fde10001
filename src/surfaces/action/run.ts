// The GitHub Action as a function of its environment: inputs → scan() (baseline applied) → reports on disk,
// outputs, job summary, annotations, optional sticky PR comment → exit code (0 pass, 1 gate, 2 error).
import path from "node:path";
import { isRampartError, oneLine } from "../../core/errors.js";
import { resolveSettings, type ConfigurableFlags } from "../../config/scan-settings.js";
import { scan } from "../../engine/scan.js";
import { evaluateGate, gateExitCode } from "../../report/gate.js";
import { renderMarkdown } from "../../report/renderers/markdown.js";
import { render, specLocator, writeReports, type SurfaceRenderContext } from "../report-files.js";
import { flagsToOptions } from "../scan-options.js";
import { commentMarker, pullRequestFrom, upsertComment } from "./comment.js";
import { readInputs } from "./inputs.js";
import { annotation, annotationsFor, appendSummary, withoutCommands, writeOutputs } from "./workflow.js";

type Env = Record<string, string | undefined>;

export interface ActionIO {
  /** The step log (stdout): workflow commands go here. */
  log(text: string): void;
}

function docsBaseUrl(env: Env): string | null {
  const server = env["GITHUB_SERVER_URL"];
  const repo = env["GITHUB_ACTION_REPOSITORY"];
  const ref = env["GITHUB_ACTION_REF"];
  return server && repo && ref ? `${server}/${repo}/blob/${ref}/docs/` : null;
}

function runUrl(env: Env): string | undefined {
  const server = env["GITHUB_SERVER_URL"];
  const repo = env["GITHUB_REPOSITORY"];
  const id = env["GITHUB_RUN_ID"];
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

async function execute(env: Env, io: ActionIO): Promise<number> {
  const workspace = path.resolve(env["GITHUB_WORKSPACE"] ?? process.cwd());
  const inputs = readInputs(env);
  const flags: ConfigurableFlags = { auth: inputs.auth, format: inputs.formats.join(","), outputDir: inputs.outputDir };
  const copy = <K extends keyof ConfigurableFlags>(k: K, v: ConfigurableFlags[K] | undefined) => {
    if (v !== undefined) flags[k] = v;
  };
  // A URL is fetched (same-origin $refs included); anything else is a path in the workspace.
  copy("spec", inputs.spec ? (/^https?:\/\//i.test(inputs.spec) ? inputs.spec : path.resolve(workspace, inputs.spec)) : undefined);
  copy("mode", inputs.mode);
  copy("depth", inputs.depth);
  copy("context", inputs.context);
  copy("threshold", inputs.threshold);
  copy("failOn", inputs.failOn);
  copy("baseline", inputs.baseline);
  copy("config", inputs.config);
  copy("transportFrom", inputs.transportFrom);
  copy("callbackHost", inputs.callbackHost);
  if (!inputs.auth.length) delete flags.auth;
  const settings = resolveSettings(inputs.url, flags, workspace);
  const f = settings.flags;
  const options = flagsToOptions(settings.target, f, env, settings.baseline);
  if (inputs.ca) options.ca = path.resolve(workspace, inputs.ca);
  if (inputs.confirmTarget.length) options.confirmTarget = inputs.confirmTarget;
  options.confirmVia = "action";

  io.log(`Rampart: scanning ${settings.target}${settings.configPath ? ` (settings from ${path.relative(workspace, settings.configPath)})` : ""}`);
  const report = await scan(options, {
    onProgress: (e) => {
      if (e.type === "phase") io.log(`  ${e.phase}`);
    },
  });
  const gate = evaluateGate(report, { threshold: f.threshold ?? null, failOn: f.failOn ?? null });

  const outDir = path.resolve(workspace, f.outputDir ?? inputs.outputDir);
  const marker = commentMarker(report.target.url);
  const url = runUrl(env);
  const gated = f.threshold !== undefined || f.failOn !== undefined;
  const shown = gated ? { gate } : {};
  const ctx: SurfaceRenderContext = { baseDir: workspace, ...shown, docsBaseUrl: docsBaseUrl(env), marker, ...(url ? { reportUrl: url } : {}) };
  const formats = inputs.formats;
  const written = writeReports(report, formats, outDir, ctx);

  io.log(withoutCommands(render(report, "summary", ctx)));
  for (const line of annotationsFor(report, workspace, specLocator(workspace))) io.log(line);
  appendSummary(env["GITHUB_STEP_SUMMARY"], renderMarkdown(report, { ...shown, baseDir: workspace, ...(url ? { reportUrl: url } : {}) }));
  writeOutputs(env["GITHUB_OUTPUT"], {
    score: String(report.score),
    grade: report.grade,
    "findings-count": String(report.findings.length),
    "report-json": written.json ?? "",
    sarif: written.sarif ?? "",
    // An incomplete scan never counts as passed, gated or not.
    passed: String(gate.passed && !report.incomplete?.length),
    incomplete: String(Boolean(report.incomplete?.length)),
  });

  if (inputs.comment) {
    const pr = pullRequestFrom(env);
    if (!pr) io.log(annotation("notice", "comment: true, but this run is not for a pull request; no comment written"));
    else if (!inputs.githubToken) io.log(annotation("warning", "comment: true needs the github-token input"));
    else {
      try {
        const body = renderMarkdown(report, { ...shown, baseDir: workspace, marker, ...(url ? { reportUrl: url } : {}) });
        const done = await upsertComment(pr, inputs.githubToken, marker, body);
        io.log(`Rampart: pull request comment ${done.action} (#${done.id})`);
      } catch (e) {
        io.log(annotation("warning", `could not write the pull request comment: ${oneLine(e)}`));
      }
    }
  }
  if (!gated && report.incomplete?.length) {
    io.log(annotation("warning", `Rampart: the scan is incomplete: ${report.incomplete.map((r) => r.message).join("; ")}`, { title: "Rampart" }));
  }
  if (!gated) return 0;
  if (!gate.passed) {
    const what = gate.couldNotScan ? "Rampart could not scan" : "Rampart gate failed";
    io.log(annotation("error", `${what}: ${gate.reasons.join("; ")}`, { title: "Rampart gate" }));
  }
  return gateExitCode(gate);
}

/**
 * Never throws: usage, input and target errors become one error annotation and exit code 2, and still
 * leave a job summary saying why and passed=false, so a workflow reading them sees the failure.
 */
export async function runAction(env: Env, io: ActionIO): Promise<number> {
  try {
    return await execute(env, io);
  } catch (e) {
    const text = isRampartError(e) ? oneLine(e) : `internal error: ${oneLine(e)}`;
    io.log(annotation("error", `Rampart: ${text}`, { title: "Rampart" }));
    try {
      appendSummary(env["GITHUB_STEP_SUMMARY"], failureSummary(text, runUrl(env)));
      writeOutputs(env["GITHUB_OUTPUT"], { passed: "false" });
    } catch (writeError) {
      io.log(annotation("warning", `Rampart: could not write the job summary or outputs: ${oneLine(writeError)}`));
    }
    return 2;
  }
}

/** The job summary of a run that produced no report: what went wrong, in one paragraph. */
function failureSummary(reason: string, url: string | undefined): string {
  const text = reason.replace(/[<>]/g, (c) => (c === "<" ? "&lt;" : "&gt;")).replace(/`/g, "'");
  return `## Rampart: could not scan\n\n**Reason:** ${text}\n\nNo report was written; the gate did not pass (\`passed=false\`).${url ? ` [Run log](${url})` : ""}\n`;
}
