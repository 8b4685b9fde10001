// Live progress on a terminal (stderr, one rewritten line); silent on a pipe.
import type { ScanEvent } from "../../engine/events.js";

export interface Progress {
  onEvent(e: ScanEvent): void;
  stop(): void;
}

export function createProgress(enabled: boolean, write: (s: string) => void): Progress {
  if (!enabled) return { onEvent: () => {}, stop: () => {} };
  const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
  let phase = "starting";
  let sent = 0;
  let budget = 0;
  let findings = 0;
  let frame = 0;
  const draw = () => {
    frame = (frame + 1) % frames.length;
    write(`\r\x1b[2K${frames[frame]} ${phase} · ${sent}${budget ? `/${budget}` : ""} requests · ${findings} findings`);
  };
  const timer = setInterval(draw, 120);
  timer.unref();
  return {
    onEvent(e) {
      if (e.type === "phase") phase = e.phase;
      else if (e.type === "requests") {
        sent = e.sent;
        budget = e.budget;
      } else if (e.type === "finding") findings++;
    },
    stop() {
      clearInterval(timer);
      write("\r\x1b[2K");
    },
  };
}
