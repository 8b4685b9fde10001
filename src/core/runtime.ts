// V8 settings for the processes Rampart owns (the CLI with its server, worker and MCP commands, and the
// GitHub Action). The library's scan() sets nothing: an application that embeds it keeps its runtime.
import { setFlagsFromString } from "node:v8";

let tuned = false;

/**
 * V8's default interrupt budget, multiplied: how much a function runs before V8 weighs optimising it.
 * A scan is a short process whose hot paths change phase by phase (plan, probe, analyse, score); at the
 * default budget V8 re-optimised them over and over on a background thread, about 40 % of a scan's CPU.
 * Eight times the budget: 16 % less CPU per request and 10 % more requests/s on the 5,000-operation
 * benchmark; 4× and 16× measured no better.
 */
const INTERRUPT_BUDGET = 67_584 * 8;

/**
 * undici parses HTTP with a WebAssembly build of llhttp. V8 first runs it from its baseline compiler,
 * then re-compiles it with its optimiser in the background: about 250 ms of CPU in every process, more
 * than the faster parser gives back over a scan of tens of thousands of requests (measured: 0.02 ms of
 * CPU per request less over a 10,000-request scan, no slower probing). Only WebAssembly is affected;
 * JavaScript is optimised as always, on the budget above. Must run before the first request (the parser
 * is compiled then).
 */
export function tuneRuntimeForScanning(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString("--liftoff-only");
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
