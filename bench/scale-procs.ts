// Child processes and clean-up for bench:scale: every process and temp directory the bench makes is registered
// here and removed on the way out, whether the bench ends, fails or is interrupted (Ctrl-C, SIGTERM). CPU time
// of processes is read from /proc (Linux), so the figures need no hooks in the measured programs.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";

type Cleanup = () => void | Promise<void>;
const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();

/** Runs `fn` on the way out (last registered, first run). */
export function onCleanup(fn: Cleanup): void {
  cleanups.push(fn);
}

/** Registers `fn` for the way out and returns it to run now instead (at most once either way). */
export function cleanupStep(fn: Cleanup): () => Promise<void> {
  let done = false;
  const step = async (): Promise<void> => {
    if (done) return;
    done = true;
    const i = cleanups.indexOf(step);
    if (i >= 0) cleanups.splice(i, 1);
    await fn();
  };
  cleanups.push(step);
  return step;
}

export async function cleanUp(): Promise<void> {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  while (cleanups.length) {
    try {
      await cleanups.pop()?.();
    } catch (e) {
      console.error(`clean-up: ${(e as Error).message}`);
    }
  }
}

let interrupted = false;
/** Ctrl-C and SIGTERM clean up and end the bench (exit 130); a second signal ends it at once. */
export function cleanUpOnSignals(): void {
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    process.on(sig, () => {
      if (interrupted) process.exit(130);
      interrupted = true;
      console.error(`\n${sig}: stopping the bench's processes and removing its files`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  // Last resort (an uncaught error ends the process): no child outlives the bench.
  process.on("exit", () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  });
}

export interface Child {
  child: ChildProcess;
  pid: number;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

/** Starts `node args…` and waits until its stdout matches `ready` (fails if it exits first or after timeoutMs). */
export async function startNode(args: string[], ready: RegExp, env: NodeJS.ProcessEnv, timeoutMs = 60_000, stdin: "pipe" | "ignore" = "ignore"): Promise<Child> {
  const child = spawn(process.execPath, args, { env, stdio: [stdin, "pipe", "pipe"] });
  children.add(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  const until = Date.now() + timeoutMs;
  while (!ready.test(out)) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`${args.slice(0, 2).join(" ")} did not start: ${out.trim()} ${err.trim()}`.slice(0, 2000));
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, pid: child.pid as number, out: () => out, err: () => err, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
export async function stopChild(c: Child, graceMs = 15_000): Promise<number | null> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) return c.exited;
  c.child.kill("SIGTERM");
  const timer = setTimeout(() => c.child.kill("SIGKILL"), graceMs);
  const code = await c.exited;
  clearTimeout(timer);
  return code;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

function statFields(pid: number): string[] | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    return text.slice(text.lastIndexOf(")") + 2).split(" ");
  } catch {
    return null;
  }
}

/** CPU time (user + system, ms) a process has used; with `reaped`, also its waited-for children's. */
export function processCpuMs(pid: number, reaped = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  // After the name: state(3) ppid(4) … utime(14) stime(15) cutime(16) cstime(17), here 0-based from field 3.
  const ticks = Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);
  return ticks * TICK_MS;
}

/** Process ids whose parent is `ppid`. */
export function childPids(ppid: number): number[] {
  const pids: number[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f && Number(f[1]) === ppid) pids.push(Number(name));
  }
  return pids;
}

/** CPU (ms) of a server and all its children, the exited ones included (they are in its reaped-children time). */
export function processTreeCpuMs(pid: number): number {
  return processCpuMs(pid, true) + childPids(pid).reduce((sum, p) => sum + processCpuMs(p), 0);
}

/** Busy and total CPU time of the whole machine (ms), from /proc/stat. */
export function machineCpuMs(): { busy: number; total: number } {
  const line = fs.readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "";
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
}

/** The most resident memory a process has had (VmHWM), in MB; 0 when it cannot be read. */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}
