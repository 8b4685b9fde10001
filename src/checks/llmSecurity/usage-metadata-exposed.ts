import { defineCheck } from "../../core/check.js";
import { USAGE_HEADERS } from "../../patterns/llm-detection.js";
import { aiExchange, exchangeOperation, llmRefs } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.usage-metadata-exposed",
    title: "Token usage or cost returned to clients",
    category: "llmSecurity",
    severity: "info",
    how: "passive",
    description:
      "AI responses carry token counts, cost or provider rate-limit budgets. Clients learn the size of the hidden system prompt (prompt tokens of a one-word message) and can tune cost-amplification attacks.",
    references: llmRefs(["LLM10", "LLM07"], [213], ["API8"]),
    remediation: {
      summary: "Keep usage accounting server-side; return only what the client needs.",
      steps: ["Drop the provider's usage object from responses.", "Remove x-ratelimit-*-tokens and processing-time headers at the gateway."],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const ai = aiExchange(ex, ctx);
    if (!ai) return;
    const parts: string[] = [];
    if (ai.reply.usage) parts.push(Object.entries(ai.reply.usage).map(([k, v]) => `${k}=${v}`).join(", "));
    for (const [h, v] of Object.entries(ex.response?.headers ?? {})) if (USAGE_HEADERS.some((re) => re.test(h))) parts.push(`${h}: ${v}`);
    if (parts.length === 0) return;
    ctx.report({
      confidence: "confirmed",
      operation: exchangeOperation(ex),
      evidence: [{ exchange: ex, excerpt: parts.join("; ").slice(0, 300), note: "usage metadata in an AI response" }],
    });
  },
});
