// Maps engine ScanEvents to MCP progress notifications for the request's progressToken.
import type { ScanEvent } from "../../engine/events.js";

export interface ProgressSink {
  progressToken: string | number;
  send(params: { progressToken: string | number; progress: number; total?: number; message: string }): Promise<void>;
}

/** Request-count updates closer together than this are folded into the next one. */
const REQUEST_UPDATE_MS = 250;

export function scanProgress(sink: ProgressSink | null, onError: (e: unknown) => void): (event: ScanEvent) => void {
  if (!sink) return () => undefined;
  // MCP requires progress to increase with every notification: count them.
  let progress = 0;
  let phase = "discover";
  let checksDone = 0;
  let findings = 0;
  let sent = 0;
  let budget = 0;
  let lastRequestsUpdate = 0;
  const status = (): string =>
    `${phase}: ${sent}${budget ? `/${budget}` : ""} requests, ${checksDone} checks done, ${findings} finding${findings === 1 ? "" : "s"}`;
  const notify = (message: string): void => {
    progress += 1;
    sink.send({ progressToken: sink.progressToken, progress, message }).catch(onError);
  };
  return (event) => {
    switch (event.type) {
      case "scan-started":
        notify(`scan started: ${event.target}`);
        break;
      case "phase":
        phase = event.phase;
        notify(status());
        break;
      case "operations-planned":
        notify(`${event.count} operations planned, ${event.skipped} skipped`);
        break;
      case "check-finished":
      case "check-skipped":
      case "check-errored":
        checksDone += 1;
        notify(event.type === "check-errored" ? `${event.checkId} errored: ${event.message}` : status());
        break;
      case "finding":
        findings += 1;
        break;
      case "requests": {
        sent = event.sent;
        budget = event.budget;
        const now = Date.now();
        if (now - lastRequestsUpdate >= REQUEST_UPDATE_MS) {
          lastRequestsUpdate = now;
          notify(status());
        }
        break;
      }
      case "scan-finished":
        notify(`scan finished: grade ${event.grade}, score ${event.score}`);
        break;
      case "check-started":
        break;
    }
  };
}
