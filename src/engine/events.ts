// Typed event stream: the CLI progress view, MCP progress notifications and a dashboard subscribe.
export type ScanPhase = "discover" | "plan" | "probe" | "cleanup" | "analyze" | "score" | "report";

export type ScanEvent =
  | { type: "scan-started"; target: string }
  | { type: "phase"; phase: ScanPhase }
  | { type: "operations-planned"; count: number; skipped: number }
  | { type: "check-started"; checkId: string }
  | { type: "check-finished"; checkId: string; findings: number }
  | { type: "check-skipped"; checkId: string; reason: string }
  | { type: "check-errored"; checkId: string; message: string }
  | { type: "requests"; sent: number; budget: number }
  /** A root cause seen for the first time: once, however many places report it again. */
  | { type: "finding"; checkId: string; severity: string }
  | { type: "scan-finished"; score: number; grade: string };

export interface ScanHooks {
  onProgress?: (event: ScanEvent) => void;
  signal?: AbortSignal;
}
