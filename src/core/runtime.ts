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
 * The V8 flags, each with the V8 majors it is given to. V8 prints "Error: unrecognized flag" on stderr for a
 * flag it does not know, so a flag goes only to the engines that have it and where it was measured.
 *
 * --liftoff-only: undici parses HTTP with a WebAssembly build of llhttp. V8 first runs it from its baseline
 * compiler, then re-compiles it with its optimiser in the background: about 250 ms of CPU in every process,
 * more than the faster parser gives back over a scan of tens of thousands of requests (measured: 0.02 ms of
 * CPU per request less over a 10,000-request scan, no slower probing). Only WebAssembly is affected;
 * JavaScript is optimised as always. Must be set before the first request (the parser is compiled then).
 *
 * --interrupt-budget: V8 12 (Node 22) replaced it with invocation counts and a new tier (Maglev); the
 * budget above was measured on V8 11 (Node 20) only.
 */
const V8_FLAGS: readonly { flag: string; v8Majors: readonly [number, number] }[] = [
  { flag: "--liftoff-only", v8Majors: [0, Infinity] },
  { flag: `--interrupt-budget=${INTERRUPT_BUDGET}`, v8Majors: [0, 11] },
];

/** The flags for the V8 this process runs on. */
export function v8FlagsFor(v8Version: string): string[] {
  const major = Number.parseInt(v8Version, 10);
  return V8_FLAGS.filter(({ v8Majors: [lo, hi] }) => major >= lo && major <= hi).map(({ flag }) => flag);
}

export function tuneRuntimeForScanning(): void {
  if (tuned) return;
  tuned = true;
  for (const flag of v8FlagsFor(process.versions.v8)) setFlagsFromString(flag);
}
