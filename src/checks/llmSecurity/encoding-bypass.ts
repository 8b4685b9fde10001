import { defineCheck } from "../../core/check.js";
import { llmRefs, reportProbeVerdicts } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.encoding-bypass",
    title: "Encoded or translated payload bypasses a filter",
    category: "llmSecurity",
    severity: "medium",
    how: "probe",
    description:
      "An instruction the endpoint refuses or filters in plain English succeeds when sent base64-, ROT13-, hex-, percent-encoded, reversed, or in another language: the guard inspects the raw text while the model decodes it.",
    references: llmRefs(["LLM01"], [1427, 116]),
    remediation: {
      summary: "Filter on meaning, not keywords: decode and normalise input before any guard, and guard the output too.",
      steps: ["Normalise and decode common encodings before input filtering.", "Apply the guard to every language the model understands.", "Check replies, not only prompts, for the things that must not be emitted."],
    },
    milestone: 2,
  },
  async run(ctx) {
    await reportProbeVerdicts(ctx);
  },
});
