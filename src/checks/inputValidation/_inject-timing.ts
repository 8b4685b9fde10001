// Time-based confirmation that holds on a loaded machine. No absolute "slow" threshold decides: a delay
// counts only relative to the same payload asking for zero seconds (its fastest answer is the baseline,
// since noise can only add time), and it must follow the number asked for: D seconds slower than the
// baseline, 2·D slower, and the 2·D answer clearly slower than the D one. Random stalls (a busy CPU, a
// GC pause, other requests queued ahead) do not scale with the number. When only a zero-delay control was
// stalled, the whole round is repeated once before giving up.
import type { Exchange } from "../../core/types.js";

/** Seconds asked for in the first probe; the confirmation asks for twice as many. */
export const DELAY_S = 2;
/** Share of the asked-for delay an answer must show over the baseline (scheduling jitter eats the rest). */
const SHARE = 0.8;
/** The 2·D answer must be slower than the D answer by at least this share of D. */
const STEP_SHARE = 0.5;
/** Rounds of (D, 0, 2·D, 0): the second only when the first showed the delays but a control was stalled. */
export const ROUNDS = 2;
/** Requests one delay row may send: the first probe, then at most ROUNDS rounds of confirmation. */
export const REQUESTS_PER_ROW = 1 + 3 + (ROUNDS - 1) * 4;
/** Deadline of a timed request: the longest delay plus room for a slow server. */
export const TIMED_TIMEOUT_MS = (2 * DELAY_S + 10) * 1000;

const ms = (ex: Exchange | null): number | null => (ex?.response && !ex.error ? ex.response.timeMs : null);

export interface DelayProof {
  /** The exchanges of the confirming round in order: delay, zero, double delay, zero. */
  exchanges: Exchange[];
  times: number[];
  note: string;
}

type Verdict = "confirmed" | "noisy" | "no";

/** One round's times (ms): D, 0, 2·D, 0. "noisy" when the delays were there but a control was slow too. */
export function judgeRound(t1: number, t0: number, t2: number, t3: number, delayS = DELAY_S): Verdict {
  const d = delayS * 1000;
  const base = Math.min(t0, t3);
  const follows = t1 - base >= SHARE * d && t2 - base >= SHARE * 2 * d && t2 - t1 >= STEP_SHARE * d;
  if (follows) return "confirmed";
  // The asked-for delays look real on their own; a stalled control may have hidden them: worth one more round.
  return t1 >= SHARE * d && t2 >= SHARE * 2 * d && t2 - t1 >= STEP_SHARE * d ? "noisy" : "no";
}

/** Sends `send(DELAY_S)`; when it is slow, confirms it with the pattern above; null when not confirmed. */
export async function confirmDelay(send: (seconds: number) => Promise<Exchange | null>): Promise<DelayProof | null> {
  let first = await send(DELAY_S);
  let t1 = ms(first);
  if (!first || t1 === null || t1 < SHARE * DELAY_S * 1000) return null;
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) {
      first = await send(DELAY_S);
      t1 = ms(first);
      if (!first || t1 === null) return null;
    }
    const zero = await send(0);
    const double = await send(2 * DELAY_S);
    const zeroAgain = await send(0);
    const t0 = ms(zero);
    const t2 = ms(double);
    const t3 = ms(zeroAgain);
    if (!zero || !double || !zeroAgain || t0 === null || t2 === null || t3 === null) return null;
    const verdict = judgeRound(t1!, t0, t2, t3);
    if (verdict === "no") return null;
    if (verdict === "noisy") continue;
    const times = [t1!, t0, t2, t3];
    return {
      exchanges: [first!, zero, double, zeroAgain],
      times,
      note: `asked for ${DELAY_S} s, 0 s, ${2 * DELAY_S} s, 0 s: answered in ${times.map((t) => `${(t / 1000).toFixed(2)} s`).join(", ")}${round > 0 ? " (second round: a control of the first was stalled)" : ""}`,
    };
  }
  return null;
}
