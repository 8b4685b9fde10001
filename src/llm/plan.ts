// Request estimate for --dry-run and the per-scan summary stored in the report's extras (`extras.llm`).
import type { PlanContext } from "../core/check.js";
import type { Depth } from "../core/types.js";
import { WELL_KNOWN_AI_PATHS } from "../patterns/llm-detection.js";
import { detectFromSpec, endpointForTarget } from "./detect.js";
import { TIER_BUDGET } from "./probes.js";
import type { LlmAssessment } from "./session.js";

/** Endpoints probed per scan at each depth. */
export const MAX_ENDPOINTS: Record<Depth, number> = { quick: 1, standard: 3, deep: 5 };

/** Shape learning (≤ 4) + baseline + anonymous prompt + the tier's probes. */
const PER_ENDPOINT_SETUP = 6;

export function estimateLlmRequests(plan: PlanContext): number {
  if (plan.settings.mode === "passive") return 0;
  const depth = plan.settings.depth;
  const perEndpoint = PER_ENDPOINT_SETUP + TIER_BUDGET[depth];
  let endpoints = endpointForTarget(plan.target.url, plan.settings.llm?.targetIsEndpoint === true) ? 1 : 0;
  if (plan.api) endpoints += detectFromSpec(plan.api, plan.target.url, plan.api.basePath).length;
  if (endpoints > 0) return Math.min(endpoints, MAX_ENDPOINTS[depth]) * perEndpoint;
  if (depth === "quick" || (plan.api && depth !== "deep")) return 0;
  // A GET per well-known path, and an OPTIONS where the GET alone does not tell (outside active mode).
  const perPath = plan.settings.mode === "active" ? 1 : 2;
  return WELL_KNOWN_AI_PATHS.length * perPath + Math.min(WELL_KNOWN_AI_PATHS.length, MAX_ENDPOINTS[depth]) * perEndpoint;
}

export interface LlmSummary {
  depth: Depth;
  budgetPerEndpoint: number;
  endpoints: {
    path: string;
    url: string;
    source: string;
    shape: string | null;
    shapeHow: string;
    reachable: boolean;
    echoes: boolean | null;
    probesSent: number;
    probesSkipped: number;
    landed: { probe: string; family: string; check: string; confidence: string }[];
    notes: string[];
  }[];
}

export function summarize(a: LlmAssessment, depth: Depth): LlmSummary {
  return {
    depth,
    budgetPerEndpoint: TIER_BUDGET[depth],
    endpoints: a.endpoints.map((e) => ({
      path: e.endpoint.path,
      url: e.endpoint.url,
      source: e.endpoint.source,
      shape: e.shape,
      shapeHow: e.shapeHow,
      reachable: e.reachable,
      echoes: e.baseline ? e.baseline.echoes : null,
      probesSent: e.results.filter((r) => !r.skipped).length,
      probesSkipped: e.results.filter((r) => r.skipped).length,
      landed: e.results
        .filter((r) => r.verdict.success)
        .map((r) => ({ probe: r.probe.id, family: r.probe.family, check: r.probe.feeds, confidence: r.verdict.confidence })),
      notes: e.notes,
    })),
  };
}
