// Runs the built CLI (dist/) as a user would: a child process, its exit code, stdout and stderr.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** A private scan store per test process, so e2e runs never write to the real home directory. */
const TEST_HOME = process.env["RAMPART_TEST_HOME"] || mkdtempSync(join(tmpdir(), "rampart-test-home-"));

export const BIN = fileURLToPath(new URL("../../dist/surfaces/cli/bin.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: "1", RAMPART_HOME: TEST_HOME, ...opts.env },
      cwd: opts.cwd ?? process.cwd(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`rampart ${args.join(" ")} did not finish in ${opts.timeoutMs ?? 60_000} ms`));
    }, opts.timeoutMs ?? 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs the command-line program in this process (src/, not dist/), capturing what it prints. */
export async function runInProcess(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import("../../src/surfaces/cli/main.js");
  let out = "";
  let err = "";
  const io = {
    exitCode: 0,
    out: (t: string) => void (out += t.endsWith("\n") ? t : `${t}\n`),
    err: (t: string) => void (err += t.endsWith("\n") ? t : `${t}\n`),
    isTTY: false,
    color: false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    setExitCode(c: number) {
      io.exitCode = c;
    },
  };
  const code = await main(args, io);
  return { code, out, err };
}

/** A long-running CLI process (`serve`, `worker`) started by `startCli`, with its output so far. */
export interface CliProcess {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  /** The exit code, or the name of the signal that ended the process (so a failed `toBe(0)` says which). */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Starts the built CLI with exactly `env` and waits until stdout matches `ready` (or it exits, or `timeoutMs` passes). */
export async function startCli(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal)));
  const until = Date.now() + timeoutMs;
  while (!ready.test(out)) {
    if (child.exitCode !== null || Date.now() > until) throw new Error(`rampart ${args[0]} did not start: ${out} ${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, out: () => out, err: () => err, exited };
}

/** The URL a started `rampart serve` printed. */
export const LISTENING = /Rampart listening on (\S+)/;
export function listeningUrl(p: CliProcess): string {
  return LISTENING.exec(p.out())?.[1] as string;
}
