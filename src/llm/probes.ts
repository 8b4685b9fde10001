// The probe catalog: every adversarial prompt Rampart may send to an AI endpoint, as data (catalog/*.ts),
// with the per-tier budget from CHECKS.md and the rendering of a probe into the turns actually sent.
import type { Depth } from "../core/types.js";
import { DEEP_PROBES } from "./catalog/deep.js";
import { QUICK_PROBES, STANDARD_PROBES } from "./catalog/quick-standard.js";
import { TRANSFORMS } from "./transforms.js";
import type { Probe, ProbeFamily, Turn } from "./types.js";

export type { Probe, ProbeFamily } from "./types.js";

/** At most this many probes per AI endpoint at each depth. */
export const TIER_BUDGET: Record<Depth, number> = { quick: 5, standard: 20, deep: 60 };

const TIER_RANK: Record<Depth, number> = { quick: 0, standard: 1, deep: 2 };

export const PROBES: readonly Probe[] = [...QUICK_PROBES, ...STANDARD_PROBES, ...DEEP_PROBES];

export const FAMILIES: readonly ProbeFamily[] = [
  "system-prompt-extraction",
  "instruction-override",
  "jailbreak",
  "encoding",
  "few-shot",
  "nested-instruction",
  "markdown-exfiltration",
  "multi-turn",
  "tool-abuse",
  "pii-extraction",
  "unbounded-cost",
];

/** Probes a depth runs, in catalog order, cut to the tier budget. */
export function probesFor(depth: Depth): Probe[] {
  return PROBES.filter((p) => TIER_RANK[p.tier] <= TIER_RANK[depth]).slice(0, TIER_BUDGET[depth]);
}

export function findProbe(id: string): Probe | undefined {
  return PROBES.find((p) => p.id === id);
}

/** Host an exfiltration probe asks the model to link to: `.invalid` never resolves, nothing is fetched. */
export function exfilHost(canary: string): string {
  return `${canary.toLowerCase()}.exfil.rampart.invalid`;
}

const FILLER = "The quick brown fox jumps over the lazy dog. ";

export interface RenderedProbe {
  turns: Turn[];
  /** The final user message (what the echo judge compares against). */
  prompt: string;
  /** Every text sent, history included. */
  sentText: string;
  maxTokens?: number;
}

function fill(text: string, canary: string, payload: string): string {
  return text.replaceAll("{{canary}}", canary).replaceAll("{{exfil}}", exfilHost(canary)).replaceAll("{{payload}}", payload);
}

export function renderProbe(probe: Probe, canary: string): RenderedProbe {
  const rawPayload = probe.payload ? fill(probe.payload, canary, "") : "";
  const payload = probe.transform ? TRANSFORMS[probe.transform].apply(rawPayload) : rawPayload;
  let prompt = fill(probe.template, canary, payload);
  if (probe.padChars) prompt += `\n\n${FILLER.repeat(Math.ceil(probe.padChars / FILLER.length)).slice(0, probe.padChars)}`;
  const history = (probe.history ?? []).map((t) => ({ role: t.role, content: fill(t.content, canary, payload) }));
  const turns: Turn[] = [...history, { role: "user", content: prompt }];
  const out: RenderedProbe = { turns, prompt, sentText: turns.map((t) => t.content).join("\n") };
  if (probe.maxTokens !== undefined) out.maxTokens = probe.maxTokens;
  return out;
}
