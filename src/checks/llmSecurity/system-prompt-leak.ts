import { defineCheck } from "../../core/check.js";
import { detectPromptLeak, systemPromptField } from "../../llm/leak.js";
import { aiExchange, exchangeOperation, llmRefs, reportProbeVerdicts } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.system-prompt-leak",
    title: "System prompt leaks to clients",
    category: "llmSecurity",
    severity: "critical",
    how: "probe",
    description:
      "The model's system prompt (its hidden instructions, often with business rules, internal names or secrets) appears in output: chat-template markers (ChatML, Llama 2/3, Mistral, Alpaca, Gemma, Phi) or a plain-language preamble with confidentiality directives, either in ordinary replies or when an extraction probe asks for it.",
    references: llmRefs(["LLM07", "LLM02"], [200, 1427]),
    remediation: {
      summary: "Treat the system prompt as public: keep secrets and authorisation logic out of it, and filter replies that echo it.",
      steps: [
        "Move credentials, internal URLs and business rules the user must not see out of the prompt.",
        "Enforce permissions in code, not in prompt instructions.",
        "Add an output filter that blocks replies containing template tokens or long spans of the system prompt.",
        "Never return the prompt or the rendered template in API responses (debug fields).",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    await reportProbeVerdicts(ctx);
  },
  analyze(ex, ctx) {
    const ai = aiExchange(ex, ctx);
    if (!ai || ai.probeFeeds === ctx.checkId) return;
    const field = ai.json ? systemPromptField(ai.json, ai.sent) : null;
    if (field) {
      ctx.report({ confidence: "confirmed", operation: exchangeOperation(ex), evidence: [{ exchange: ex, excerpt: field.value.slice(0, 300), note: `the response carries the system prompt in the "${field.key}" property` }] });
      return;
    }
    const leak = detectPromptLeak(ai.reply.text, ai.sent);
    if (!leak) return;
    ctx.report({
      confidence: leak.level === "strong" ? "firm" : "tentative",
      operation: exchangeOperation(ex),
      evidence: [{ exchange: ex, excerpt: leak.excerpt, note: `passive: ${leak.note}` }],
    });
  },
});
