import { defineCheck } from "../../core/check.js";
import { llmRefs, reportProbeVerdicts } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.unbounded-cost",
    title: "AI endpoint accepts unbounded token limits or input",
    category: "llmSecurity",
    severity: "medium",
    how: "probe",
    description:
      "The endpoint accepted a max_tokens of one million or a prompt padded far beyond any normal message and answered normally. A caller can make each request as expensive as the model allows (denial of wallet).",
    references: llmRefs(["LLM10"], [770, 400], ["API4"]),
    remediation: {
      summary: "Cap input length and output tokens server-side and meter usage per identity.",
      steps: ["Reject prompts over a fixed size (e.g. 8,000 characters) with 413/400.", "Clamp max_tokens to a small ceiling regardless of what the client sends.", "Set per-user token budgets and alert on spikes."],
    },
    milestone: 2,
  },
  async run(ctx) {
    await reportProbeVerdicts(ctx);
  },
});
