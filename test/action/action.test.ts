// Runs the Action bundle the way a runner does: INPUT_* variables,
// GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, a workspace, a pull_request event, and GITHUB_API_URL
// pointing at a local fake of the REST API. Targets are the bundled demo APIs on 127.0.0.1.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { startDemo, type DemoServer } from "../../src/demo/customer-api.js";
import { demoSpec } from "../../src/demo/customer-spec.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { buildBundle } from "./_bundle.js";

/** Built from the current sources outside the repository, as a runner checks the action out: no
 *  node_modules to fall back on. (`npm run check:action` compares it with the committed action/dist.) */
let BUNDLE: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

interface Comment {
  id: number;
  body: string;
}

let vulnerable: DemoServer;
let hardened: DemoServer;
let api: RunningServer;
const comments: Comment[] = [];
const apiCalls: string[] = [];
let root: string;

beforeAll(async () => {
  vulnerable = await startDemo({ hardened: false });
  hardened = await startDemo({ hardened: true });
  root = mkdtempSync(path.join(os.tmpdir(), "rampart-action-"));
  BUNDLE = buildBundle(path.join(root, "checkout"));
  // A fake of the three REST endpoints the sticky comment uses; it insists on the token.
  api = await startServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    apiCalls.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== "Bearer test-token") return json(res, 401, { message: "Bad credentials" });
    let body = "";
    for await (const chunk of req) body += String(chunk);
    if (req.method === "GET" && url.pathname === "/repos/acme/shop/issues/7/comments") {
      return json(res, 200, [{ id: 1, body: "an unrelated comment" }, ...comments]);
    }
    if (req.method === "POST" && url.pathname === "/repos/acme/shop/issues/7/comments") {
      const c = { id: 100 + comments.length, body: (JSON.parse(body) as { body: string }).body };
      comments.push(c);
      return json(res, 201, c);
    }
    const m = /^\/repos\/acme\/shop\/issues\/comments\/(\d+)$/.exec(url.pathname);
    if (req.method === "PATCH" && m) {
      const c = comments.find((x) => x.id === Number(m[1]));
      if (!c) return json(res, 404, { message: "Not Found" });
      c.body = (JSON.parse(body) as { body: string }).body;
      return json(res, 200, c);
    }
    return json(res, 404, { message: "Not Found" });
  });
});

afterAll(async () => {
  await vulnerable.close();
  await hardened.close();
  await api.close();
  rmSync(root, { recursive: true, force: true });
});

/** The heredoc form the runner reads from GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

function runAction(name: string, inputs: Record<string, string>, extraEnv: Record<string, string> = {}): Promise<Run> {
  const workspace = path.join(root, name);
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, "openapi.json"), JSON.stringify(demoSpec(), null, 2));
  const outputFile = path.join(root, `${name}.output`);
  const summaryFile = path.join(root, `${name}.summary`);
  const eventFile = path.join(root, `${name}.event.json`);
  writeFileSync(outputFile, "");
  writeFileSync(summaryFile, "");
  writeFileSync(eventFile, JSON.stringify({ action: "synchronize", number: 7, pull_request: { number: 7 } }));
  const env: Record<string, string> = {
    PATH: process.env["PATH"] ?? "",
    HOME: process.env["HOME"] ?? root,
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_API_URL: api.url,
    GITHUB_SERVER_URL: "http://127.0.0.1:9",
    GITHUB_RUN_ID: "4242",
    GITHUB_ACTION_REPOSITORY: "rampart/rampart",
    GITHUB_ACTION_REF: "v1",
    RAMPART_HOME: path.join(root, "home"),
    ...extraEnv,
  };
  // The runner passes every declared input, unset ones as empty strings; defaults from action.yml.
  for (const k of ["url", "spec", "auth", "mode", "depth", "context", "threshold", "fail-on", "baseline", "config", "ca"]) env[`INPUT_${k.toUpperCase()}`] = "";
  env["INPUT_FORMATS"] = "json,sarif,markdown,html";
  env["INPUT_OUTPUT-DIR"] = "rampart-results";
  env["INPUT_COMMENT"] = "false";
  env["INPUT_GITHUB-TOKEN"] = "test-token";
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BUNDLE], { cwd: workspace, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`action run ${name} did not finish`));
    }, 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, "utf8")), summary: readFileSync(summaryFile, "utf8") });
    });
  });
}

describe("GitHub Action bundle", () => {
  it("scans, writes outputs, summary, SARIF and annotations on the spec file, and fails the gate with exit 1", async () => {
    const r = await runAction("vulnerable", { url: vulnerable.url, spec: "openapi.json", "fail-on": "critical", comment: "true" });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code, r.stdout).toBe(1);
    const workspace = path.join(root, "vulnerable");
    expect(r.outputs.grade).toBe("F");
    expect(Number(r.outputs.score)).toBeLessThanOrEqual(59);
    expect(r.outputs.passed).toBe("false");
    expect(r.outputs["report-json"]).toBe(path.join(workspace, "rampart-results", "rampart-report.json"));
    expect(r.outputs.sarif).toBe(path.join(workspace, "rampart-results", "rampart.sarif"));
    const report = JSON.parse(readFileSync(r.outputs["report-json"]!, "utf8")) as ScanReport;
    expect(Number(r.outputs["findings-count"])).toBe(report.findings.length);
    const sarif = JSON.parse(readFileSync(r.outputs.sarif!, "utf8")) as {
      runs: { tool: { driver: { rules: { helpUri?: string }[] } }; results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0]!.results.some((x) => x.locations[0]!.physicalLocation.artifactLocation.uri === "openapi.json")).toBe(true);
    expect(sarif.runs[0]!.tool.driver.rules[0]!.helpUri).toMatch(/^http:\/\/127\.0\.0\.1:9\/rampart\/rampart\/blob\/v1\/docs\/checks\/.+\.md$/);
    // Job summary in Markdown with the gate.
    expect(r.summary).toContain("grade **F**");
    expect(r.summary).toContain("Gate failed");
    expect(r.summary).toContain("http://127.0.0.1:9/acme/shop/actions/runs/4242");
    // Annotations: critical/high as errors on the operation's line in the spec file; unplaced when host-level.
    const spec = readFileSync(path.join(workspace, "openapi.json"), "utf8").split("\n");
    const placed = [...r.stdout.matchAll(/^::error file=openapi\.json,line=(\d+),title=([^:]+)::(.+)$/gm)];
    expect(placed.length).toBeGreaterThan(0);
    for (const m of placed) {
      const method = /::(GET|POST|PUT|DELETE|PATCH) /.exec(`::${m[3]}`)?.[1]?.toLowerCase();
      expect(spec[Number(m[1]) - 1]).toContain(`"${method}"`);
    }
    // Findings off the spec (host-level, or undocumented paths) are annotated without a file.
    expect(r.stdout).toMatch(/^::error title=Rampart (critical|high)%3A /m);
    expect(r.stdout).toMatch(/^::warning (file=openapi\.json,line=\d+,)?title=Rampart medium/m);
    // GitHub shows ten of each kind per step: the rest are counted in one notice.
    const errors = (r.stdout.match(/^::error .*title=Rampart (critical|high)/gm) ?? []).length;
    const warnings = (r.stdout.match(/^::warning .*title=Rampart medium/gm) ?? []).length;
    const serious = report.findings.filter((f) => ["critical", "high", "medium"].includes(f.severity)).length;
    expect(errors).toBeLessThanOrEqual(10);
    expect(warnings).toBeLessThanOrEqual(10);
    if (serious > errors + warnings) expect(r.stdout).toContain(`::notice::${serious - errors - warnings} more finding(s) not annotated`);
    expect(r.stdout).toMatch(/^::error title=Rampart gate::Rampart gate failed: \d+ finding\(s\) at or above critical$/m);
    // Target text in the log is fenced by stop-commands.
    expect(r.stdout).toMatch(/^::stop-commands::(rampart-[\w-]+)\n[\s\S]*Grade F[\s\S]*\n::\1::$/m);
    // Sticky comment: created once with the hidden marker.
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(/^<!-- rampart-report id=[0-9a-f]{12} -->\n## /);
    expect(r.stdout).toContain("pull request comment created (#100)");
  });

  it("updates its sticky comment in place on the next run, and passes with a baseline", async () => {
    const first = comments[0]!.body;
    // Accept everything the first run found, via a baseline file in the repository.
    const prior = JSON.parse(readFileSync(path.join(root, "vulnerable", "rampart-results", "rampart-report.json"), "utf8")) as ScanReport;
    const workspace = path.join(root, "rerun");
    mkdirSync(workspace, { recursive: true });
    writeFileSync(
      path.join(workspace, "accepted.yml"),
      `ignore:\n${prior.findings.map((f) => `  - finding: ${f.id}\n    reason: accepted for the demo\n`).join("")}`,
    );
    const callsBefore = apiCalls.length;
    const r = await runAction("rerun", { url: vulnerable.url, spec: "openapi.json", "fail-on": "critical", threshold: "A", comment: "true", baseline: "accepted.yml" });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.passed).toBe("true");
    expect(r.outputs["findings-count"]).toBe("0");
    expect(r.outputs.grade).toBe("A");
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).not.toBe(first);
    expect(comments[0]!.body).toContain("suppressed by baseline");
    expect(apiCalls.slice(callsBefore)).toEqual(["GET /repos/acme/shop/issues/7/comments", "PATCH /repos/acme/shop/issues/comments/100"]);
    expect(r.stdout).toContain("pull request comment updated (#100)");
  });

  it("passes on the hardened twin with env: credentials and reads .rampart.yml from the workspace", async () => {
    const workspace = path.join(root, "hardened");
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, "ca.pem"), hardened.caPem ?? "");
    writeFileSync(path.join(workspace, ".rampart.yml"), `target: ${hardened.url}\nthreshold: A\nfailOn: high\n`);
    const r = await runAction("hardened", { auth: "# the demo token\nbearer:env:DEMO_TOKEN\n", ca: "ca.pem" }, { DEMO_TOKEN: hardened.token });
    expect(r.code, r.stdout).toBe(0);
    expect(r.outputs.grade).toBe("A");
    expect(r.stdout).toContain("settings from .rampart.yml");
    expect(r.stdout).not.toContain(hardened.token);
    expect(readFileSync(r.outputs["report-json"]!, "utf8")).not.toContain(hardened.token);
  });

  it("exits 2 with one error annotation for bad inputs and unreachable targets, never echoing a secret", async () => {
    const badThreshold = await runAction("bad1", { url: vulnerable.url, threshold: "Z" });
    expect(badThreshold.code).toBe(2);
    expect(badThreshold.stdout.trim()).toBe("::error title=Rampart::Rampart: input threshold must be a score 0-100 or a grade A-F (got 'Z')");
    const literal = await runAction("bad2", { url: vulnerable.url, auth: "bearer:ghp_supersecretvalue123" });
    expect(literal.code).toBe(2);
    expect(literal.stdout).toContain("input auth line 1: credentials must be env: references");
    expect(literal.stdout).not.toContain("ghp_supersecretvalue123");
    const noUrl = await runAction("bad3", {});
    expect(noUrl.code).toBe(2);
    expect(noUrl.stdout).toContain("missing <url>");
    const down = await runAction("bad4", { url: "http://127.0.0.1:9" });
    expect(down.code).toBe(2);
    expect(down.stdout).toMatch(/^::error title=Rampart::Rampart: .*cannot reach/m);
    // A run that produced no report still says why in the job summary, and did not pass.
    expect(down.outputs).toEqual({ passed: "false" });
    expect(down.summary).toMatch(/^## Rampart: could not scan\n\n\*\*Reason:\*\* .*cannot reach http:\/\/127\.0\.0\.1:9/);
    expect(down.summary).toContain("http://127.0.0.1:9/acme/shop/actions/runs/4242");
    expect(badThreshold.outputs).toEqual({ passed: "false" });
    expect(badThreshold.summary).toContain("input threshold must be a score 0-100");
  });

  it("mode active against a public address stops with one error unless confirm-target names it; a URL there is a bad input", async () => {
    const bare = await runAction("active1", { url: "http://203.0.113.10:9", mode: "active" });
    expect(bare.code).toBe(2);
    expect(bare.stdout).toMatch(/^::error title=Rampart::Rampart: mode: active sends attack payloads and writes; 203\.0\.113\.10 is 203\.0\.113\.10, outside loopback and private ranges: add the input confirm-target: 203\.0\.113\.10 to scan it actively$/m);
    const other = await runAction("active2", { url: "http://203.0.113.10:9", mode: "active", "confirm-target": "staging.example.com, qa.example.com" });
    expect(other.code).toBe(2);
    expect(other.stdout).toMatch(/add the input confirm-target: 203\.0\.113\.10 to scan it actively/);
    // The Action names its own input, never the command-line flag.
    expect(bare.stdout + other.stdout).not.toContain("--confirm-target");
    const url = await runAction("active3", { url: "http://203.0.113.10:9", mode: "active", "confirm-target": "https://203.0.113.10/" });
    expect(url.code).toBe(2);
    expect(url.stdout.trim()).toBe("::error title=Rampart::Rampart: input confirm-target takes host names, e.g. staging.example.com (got 'https://203.0.113.10/')");
  });

  it("takes callback-host over .rampart.yml's callbackHost, and refuses a malformed one naming the input", async () => {
    const workspace = path.join(root, "callback");
    mkdirSync(workspace, { recursive: true });
    writeFileSync(path.join(workspace, ".rampart.yml"), `target: ${vulnerable.url}\ncallbackHost: 10.0.0.5:8123\n`);
    const byConfig = await runAction("callback", {});
    expect(byConfig.code, byConfig.stdout).toBe(0);
    expect((JSON.parse(readFileSync(byConfig.outputs["report-json"]!, "utf8")) as ScanReport).options["callbackHost"]).toBe("10.0.0.5:8123");
    const byInput = await runAction("callback", { "callback-host": "10.0.0.7:9000" });
    expect((JSON.parse(readFileSync(byInput.outputs["report-json"]!, "utf8")) as ScanReport).options["callbackHost"]).toBe("10.0.0.7:9000");
    const bad = await runAction("callback-bad", { url: vulnerable.url, "callback-host": "http://10.0.0.5/x" });
    expect(bad.code).toBe(2);
    expect(bad.stdout.trim()).toBe(
      "::error title=Rampart::Rampart: input callback-host must be host[:port], the address the target can reach this machine at, e.g. 10.0.0.5:8123 (got 'http://10.0.0.5/x')",
    );
  });

  it("takes the spec input as a URL: fetched from the target, not looked up in the workspace", async () => {
    const specUrl = `${vulnerable.url}/openapi.json`;
    const r = await runAction("specurl", { url: vulnerable.url, spec: specUrl, "fail-on": "critical" });
    expect(r.code, r.stdout).toBe(1);
    expect(r.outputs.passed).toBe("false");
    const report = JSON.parse(readFileSync(r.outputs["report-json"]!, "utf8")) as ScanReport;
    expect(report.target.specUrl).toBe(specUrl);
    expect(report.coverage?.operations.planned ?? 0).toBeGreaterThan(0);
    expect(r.summary).toContain(specUrl);
    expect(r.summary).toContain("Gate failed");
  });

  it("an incomplete scan writes its summary with the reason and does not pass, even without a gate", async () => {
    // The root and the spec answer; every other request has its connection cut: nothing can be tested.
    const cut = await startServer((req, res) => {
      if (req.url === "/") return json(res, 200, { ok: true });
      if (req.url === "/openapi.json") return json(res, 200, demoSpec());
      req.socket.destroy();
    });
    try {
      const r = await runAction("incomplete", { url: cut.url });
      expect(r.code, r.stdout).toBe(0);
      const report = JSON.parse(readFileSync(r.outputs["report-json"]!, "utf8")) as ScanReport;
      expect(report.incomplete?.length).toBeGreaterThan(0);
      expect(r.outputs.incomplete).toBe("true");
      expect(r.outputs.passed).toBe("false");
      expect(r.summary.toLowerCase()).toContain("incomplete");
      expect(r.stdout).toMatch(/^::warning title=Rampart::Rampart: the scan is incomplete: /m);
    } finally {
      await cut.close();
    }
  });

  it("discovers the spec on the target when the spec input is empty", async () => {
    const r = await runAction("discover", { url: vulnerable.url });
    expect(r.code, r.stdout).toBe(0);
    const report = JSON.parse(readFileSync(r.outputs["report-json"]!, "utf8")) as ScanReport;
    expect(report.target.specUrl).toBe(`${vulnerable.url}/openapi.json`);
    expect(r.outputs.grade).toBe(report.grade);
    expect(r.summary).toContain(`${vulnerable.url}/openapi.json`);
  });

  it("warns instead of failing when the comment cannot be written", async () => {
    const r = await runAction("badtoken", { url: vulnerable.url, spec: "openapi.json", comment: "true", "github-token": "wrong" });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^::warning::could not write the pull request comment: GET \/repos\/acme\/shop\/issues\/7\/comments answered 401$/m);
    expect(r.stdout).not.toContain("wrong");
    // No threshold or fail-on: the reports do not claim a gate passed.
    expect(r.summary).not.toContain("Gate");
    expect(r.summary).toContain("spec `openapi.json`");
  });
});
