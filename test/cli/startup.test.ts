// Start-up stays lazy: `--version`, `--help` and one command's help load only the command definitions,
// never the engine, the checks or the heavy packages; `rampart tls` loads the TLS prober and nothing of
// the HTTP scan. Also: a reader that closes the pipe early gets no stack trace. Runs the built CLI (dist/).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "../helpers/cli.js";

const DIST = pathToFileURL(fileURLToPath(new URL("../../dist/", import.meta.url))).href;
const HOOKS = new URL("../helpers/module-trace-hooks.mjs", import.meta.url).href;
const REGISTER = `data:text/javascript,${encodeURIComponent(`import{register}from"node:module";register(${JSON.stringify(HOOKS)});`)}`;
const dir = mkdtempSync(join(tmpdir(), "rampart-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What one CLI run loads: project files (relative to dist/) and package names. */
function traced(args: string[]): { status: number | null; project: string[]; packages: string[] } {
  const file = join(dir, `${args.join("_").replace(/[^\w.-]/g, "_")}.txt`);
  const r = spawnSync(process.execPath, ["--import", REGISTER, BIN, ...args], {
    env: { ...process.env, RAMPART_MODULE_TRACE: file, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 60_000,
  });
  const urls = readFileSync(file, "utf8").split("\n").filter(Boolean);
  const project = urls.filter((u) => u.startsWith(DIST)).map((u) => u.slice(DIST.length));
  const packages = [...new Set(urls.map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]).filter((p): p is string => Boolean(p)))];
  return { status: r.status, project, packages };
}

/** What `--version` and `--help` may load: the command definitions and the small tables their help names. */
const DEFINITIONS_ONLY = [
  /^surfaces\/cli\/(bin|main|parse)\.js$/,
  /^surfaces\/cli\/definitions\/[\w-]+\.js$/,
  /^core\/(errors|types|version|runtime)\.js$/,
  /^(report\/renderers|diff)\/formats\.js$/,
  /^knowledge\/remediation\/types\.js$/,
  /^llm\/shapes\.js$/,
  /^report\/gate\.js$/,
  /^scoring\/rubric\.js$/,
  /^monitor\/(duration|event-types)\.js$/,
  /^webhooks\/rotation\.js$/,
];

describe("CLI start-up loads only what the command needs", () => {
  it.each([["--version"], ["--help"], ["tls", "--help"], ["scan", "--help"], ["webhook", "--help"]].map((a) => [a.join(" "), a] as const))("rampart %s loads the definitions and commander alone", (_name, args) => {
    const run = traced([...args]);
    expect(run.status).toBe(0);
    expect(run.packages).toEqual(["commander"]);
    expect(run.project.filter((f) => !DEFINITIONS_ONLY.some((re) => re.test(f)))).toEqual([]);
    expect(run.project.length).toBeLessThan(40);
  });

  it("rampart tls host:port loads the TLS prober and the TLS checks (with their shared helpers), not the scan engine or other checks", async () => {
    // A closed port: the command loads everything it needs, then reports the refused connection.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = traced(["tls", `127.0.0.1:${port}`, "--timeout", "500"]);
    expect(run.status).toBe(2);
    expect(run.project).toContain("tls/audit.js");
    expect(run.packages.filter((p) => p !== "commander" && p !== "picocolors")).toEqual([]);
    const unrelatedChecks = run.project.filter((f) => f.startsWith("checks/") && !/^checks\/encryption\/(tls\/|https\/_)/.test(f));
    expect(unrelatedChecks).toEqual([]);
    expect(run.project.filter((f) => /^(engine\/scan|http|spec|store)\b/.test(f))).toEqual([]);
  });
});

describe("a closed stdout pipe", () => {
  it.each([["demo", "--help"], ["probes"], ["--version"]].map((a) => [a.join(" "), a] as const))("rampart %s ends quietly when the reader has gone", async (_name, args) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // Like `| head -1` that has already exited: every write to stdout meets a closed pipe (EPIPE).
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
