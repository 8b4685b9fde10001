import { defineCheck } from "../../core/check.js";
import { getAssessment } from "../../llm/session.js";
import { endpointOperation, llmRefs } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.unauthenticated-endpoint",
    title: "AI endpoint answers prompts without credentials",
    category: "llmSecurity",
    severity: "critical",
    how: "probe",
    description:
      "The AI endpoint answered a harmless prompt sent without any credentials. Anyone can spend the operator's model budget, probe the system prompt and use the model's tools or data.",
    references: llmRefs(["LLM10", "LLM06"], [306], ["API2"]),
    remediation: {
      summary: "Require authentication on every AI endpoint and meter usage per identity.",
      steps: ["Reject requests without a valid token before the model is called.", "Apply per-user quotas (requests and tokens).", "Do not rely on an obscure path or a front-end-only key."],
    },
    milestone: 1,
  },
  async run(ctx) {
    const assessment = await getAssessment(ctx);
    for (const a of assessment.endpoints) {
      const anon = a.anonymous;
      const res = anon?.exchange.response;
      if (!anon || !res || res.status >= 300 || !anon.reply || (!anon.reply.text && anon.reply.toolCalls.length === 0)) continue;
      const separate = anon.exchange !== a.baseline?.exchange;
      const known = separate || a.endpoint.securedBySpec === true;
      const why = separate
        ? "the same prompt sent without the scan's credentials was answered"
        : a.endpoint.securedBySpec
          ? "the spec requires credentials here, but the prompt sent without any was answered"
          : "the scan sent no credentials and the endpoint answered the prompt";
      ctx.report({
        confidence: known ? "confirmed" : "firm",
        operation: endpointOperation(a.endpoint),
        evidence: [{ exchange: anon.exchange, excerpt: anon.reply.text.slice(0, 200), note: `${why} (HTTP ${res.status})` }],
      });
    }
  },
});
