// Live progress on stderr. On a terminal: one rewritten line with a spinner. Without one (CI logs): a
// line per phase and a heartbeat while a phase lasts, so a log never sits silent until the end. The
// first phase (reaching the target, finding the spec) prints only if it outlasts a heartbeat, so a
// target that cannot be reached still fails with its one-line error.
import type { ScanEvent } from "../../engine/events.js";

export interface Progress {
  onEvent(e: ScanEvent): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Heartbeat interval without a terminal (default 15 s). */
  heartbeatMs?: number;
}

const HEARTBEAT_MS = 15_000;

const PHASE_LABELS: Record<string, string> = {
  discover: "reaching the target and finding its spec",
  plan: "planning",
  probe: "probing",
  cleanup: "undoing what the scan changed",
  analyze: "analysing responses",
  score: "scoring",
  report: "writing the report",
};

interface State {
  phase: string;
  sent: number;
  budget: number;
  findings: number;
  operations: number | null;
}

function track(state: State, e: ScanEvent): void {
  if (e.type === "phase") state.phase = e.phase;
  else if (e.type === "requests") {
    state.sent = e.sent;
    state.budget = e.budget;
  } else if (e.type === "finding") state.findings++;
  else if (e.type === "operations-planned") state.operations = e.count;
}

function counts(s: State): string {
  return `${s.sent}${s.budget ? `/${s.budget}` : ""} requests · ${s.findings} findings`;
}

export function createProgress(isTTY: boolean, write: (s: string) => void, opts: ProgressOptions = {}): Progress {
  return isTTY ? spinner(write) : lines(write, opts.heartbeatMs ?? HEARTBEAT_MS);
}

function spinner(write: (s: string) => void): Progress {
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  const state: State = { phase: "starting", sent: 0, budget: 0, findings: 0, operations: null };
  let frame = 0;
  const draw = () => {
    frame = (frame + 1) % frames.length;
    write(`\r\x1b[2K${frames[frame]} ${state.phase} · ${counts(state)}`);
  };
  const timer = setInterval(draw, 120);
  timer.unref();
  return {
    onEvent: (e) => track(state, e),
    stop() {
      clearInterval(timer);
      write("\r\x1b[2K");
    },
  };
}

function lines(write: (s: string) => void, heartbeatMs: number): Progress {
  const state: State = { phase: "discover", sent: 0, budget: 0, findings: 0, operations: null };
  const started = Date.now();
  let stopped = false;
  const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`;
  const label = () => PHASE_LABELS[state.phase] ?? state.phase;
  const timer = setInterval(() => write(`rampart: still ${label()} · ${counts(state)} · ${elapsed()}\n`), heartbeatMs);
  timer.unref();
  return {
    onEvent(e) {
      const before = state.phase;
      track(state, e);
      if (stopped || e.type !== "phase" || e.phase === before || e.phase === "discover") return;
      const planned = e.phase === "probe" && state.operations !== null ? ` ${state.operations} operations` : "";
      write(`rampart: ${label()}${planned} · ${counts(state)} · ${elapsed()}\n`);
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
