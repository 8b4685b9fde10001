import { defineCheck, type CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { detectFromSpec, endpointForTarget } from "../../llm/detect.js";
import { estimateLlmRequests, summarize } from "../../llm/plan.js";
import { getAssessment, knownEndpointUrls, urlKey } from "../../llm/session.js";
import type { AiEndpoint } from "../../llm/types.js";
import { aiExchange, endpointOperation, exchangeOperation, llmRefs } from "./_shared.js";

function staticEndpoints(ctx: CheckContext): AiEndpoint[] {
  const out: AiEndpoint[] = [];
  const target = endpointForTarget(ctx.target.url, ctx.settings.llm?.targetIsEndpoint === true);
  if (target) out.push(target);
  const targetHasPath = new URL(ctx.target.url).pathname.replace(/\/$/, "") !== "";
  if (ctx.api) out.push(...detectFromSpec(ctx.api, ctx.target.url, targetHasPath ? "" : ctx.api.basePath));
  return out;
}

export default defineCheck({
  meta: {
    id: "llmSecurity.endpoint-detected",
    title: "AI endpoint detected",
    category: "llmSecurity",
    severity: "info",
    how: "passive",
    description:
      "An operation wraps a language model: found from the spec (path, operation text, a messages/prompt/input request body) or from a response shaped like a model's answer. Informational; it makes the llmSecurity category applicable and drives the probes.",
    references: llmRefs(["LLM01", "LLM07"], [1427]),
    remediation: {
      summary: "Inventory AI endpoints and put them behind the same authentication, rate limits and monitoring as the rest of the API.",
      steps: ["Document the endpoint's request shape and limits in the spec.", "Require authentication and apply per-user quotas.", "Log prompts and replies for abuse review (with PII redaction)."],
    },
    milestone: 1,
  },
  estimateRequests: estimateLlmRequests,
  async run(ctx) {
    if (ctx.settings.mode === "passive") {
      // No prompts in passive mode: report what the spec and target say.
      const eps = staticEndpoints(ctx);
      if (eps.length > 0) ctx.shared.set("applicable:llmSecurity", true);
      for (const ep of eps) {
        ctx.report({ confidence: "firm", operation: endpointOperation(ep), key: ep.path, evidence: [{ request: `POST ${ep.path}`, status: null, excerpt: ep.reasons.join("; "), note: "passive mode: detected from the spec/target, no prompt sent" }] });
      }
      return;
    }
    const assessment = await getAssessment(ctx);
    ctx.shared.set("extra:llm", summarize(assessment, ctx.settings.depth));
    for (const a of assessment.endpoints) {
      const ex: Exchange | undefined = a.baseline?.exchange ?? undefined;
      const shape = a.shape ? `request shape ${a.shape} (${a.shapeHow})` : "request shape unknown";
      const echo = a.baseline ? (a.baseline.echoes ? "the baseline reply repeats its input (echo-aware judging applies)" : "the baseline reply does not repeat its input") : "";
      const probes = a.results.filter((r) => !r.skipped).length;
      ctx.report({
        confidence: a.reachable ? "confirmed" : "firm",
        operation: endpointOperation(a.endpoint),
        key: a.endpoint.path,
        evidence: [
          {
            ...(ex ? { exchange: ex } : { request: `POST ${a.endpoint.path}`, status: null }),
            excerpt: `${a.endpoint.reasons.join("; ")}; ${shape}`,
            note: [a.reachable ? `answered a prompt; ${probes} probe(s) sent` : "did not answer a prompt", echo, ...a.notes].filter(Boolean).join("; "),
          },
        ],
      });
    }
  },
  analyze(ex, ctx) {
    if (ctx.settings.mode === "passive" && !ex.response) return;
    // The reply's shape first: it is read once for every llmSecurity analyzer, the URL's key is not.
    const ai = aiExchange(ex, ctx);
    if (!ai || !ai.reply.aiShaped) return;
    if (knownEndpointUrls(ctx).has(urlKey(ex.request.url))) return;
    ctx.shared.set("applicable:llmSecurity", true);
    ctx.report({
      confidence: "firm",
      operation: exchangeOperation(ex),
      key: urlKey(ex.request.url),
      evidence: [{ exchange: ex, excerpt: ai.reply.text.slice(0, 200), note: `response shaped like a model's answer (${ai.reply.style} style)` }],
    });
  },
});
