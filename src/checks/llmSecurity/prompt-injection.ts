import { defineCheck } from "../../core/check.js";
import { llmRefs, reportProbeVerdicts } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.prompt-injection",
    title: "Prompt injection overrides the model's instructions",
    category: "llmSecurity",
    severity: "high",
    how: "probe",
    description:
      "Instruction-override probes (direct, forged system turns, few-shot patterns, instructions hidden in documents, JSON or e-mails the model processes) made the model emit a unique canary token, outside any echo of the prompt. Whoever controls text the model reads controls what it says and does.",
    references: llmRefs(["LLM01"], [1427, 77]),
    remediation: {
      summary: "Assume injected instructions will sometimes win: limit what a reply can do, and separate instructions from data.",
      steps: [
        "Wrap untrusted content (documents, e-mails, web pages) in clearly delimited data sections and tell the model they are data.",
        "Strip chat-template tokens (<|im_start|>, [INST], <<SYS>>) from user input.",
        "Give the model least privilege: no tool or data access a malicious prompt could abuse.",
        "Add an injection classifier or guard model in front of the model for high-risk flows.",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    await reportProbeVerdicts(ctx);
  },
});
