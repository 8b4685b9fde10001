import { defineCheck } from "../../core/check.js";
import { MODEL_HEADERS, MODEL_NAME } from "../../patterns/llm-detection.js";
import { aiExchange, exchangeOperation, llmRefs } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.model-disclosure",
    title: "Model name or version disclosed",
    category: "llmSecurity",
    severity: "low",
    how: "passive",
    description:
      "AI responses name the underlying model and version (a `model` field or a model header). Attackers pick jailbreaks and known weaknesses by model; the name also reveals the provider the data goes to.",
    references: llmRefs(["LLM02"], [200], ["API8"]),
    remediation: {
      summary: "Strip provider metadata (model, system_fingerprint, provider headers) from responses before they reach clients.",
      steps: ["Return only the reply text and your own fields.", "Remove model and provider headers at the gateway."],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const ai = aiExchange(ex, ctx);
    if (!ai) return;
    const res = ex.response;
    const named: { where: string; value: string }[] = [];
    const field = ai.reply.model;
    if (field && (MODEL_NAME.test(field) || ai.reply.aiShaped)) named.push({ where: "the model field", value: field });
    for (const h of MODEL_HEADERS) {
      const v = res?.headers[h];
      if (v) named.push({ where: `the ${h} header`, value: v });
    }
    for (const n of named) {
      ctx.report({
        confidence: MODEL_NAME.test(n.value) ? "confirmed" : "firm",
        operation: exchangeOperation(ex),
        key: n.value.toLowerCase(),
        evidence: [{ exchange: ex, excerpt: n.value.slice(0, 120), note: `model named in ${n.where}` }],
      });
    }
  },
});
