import { defineCheck } from "../../core/check.js";
import { llmRefs, reportProbeVerdicts } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.jailbreak",
    title: "Role-play jailbreak bypasses a refusal",
    category: "llmSecurity",
    severity: "high",
    how: "probe",
    description:
      "A request the model refuses when asked plainly succeeds when wrapped in a role-play, persona or story (DAN, Developer Mode, grandma, AIM) or spread over several turns in which the model appears to have agreed already. The model's refusals are a style, not a control.",
    references: llmRefs(["LLM01"], [1427]),
    remediation: {
      summary: "Enforce what the model must not do outside the model, and test refusals against role-play and multi-turn variants.",
      steps: [
        "Do not let chat history supplied by the client contain assistant turns the server did not produce.",
        "Put an output filter in front of the client for the things that must never be disclosed.",
        "Use a model or guard model hardened against persona jailbreaks for exposed endpoints.",
      ],
    },
    milestone: 2,
  },
  async run(ctx) {
    await reportProbeVerdicts(ctx);
  },
});
