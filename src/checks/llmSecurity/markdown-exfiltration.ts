import { defineCheck } from "../../core/check.js";
import { llmRefs, reportProbeVerdicts } from "./_shared.js";

export default defineCheck({
  meta: {
    id: "llmSecurity.markdown-exfiltration",
    title: "Model emits attacker URLs carrying conversation data",
    category: "llmSecurity",
    severity: "high",
    how: "probe",
    description:
      "Asked to, the model put conversation data into the query string of an image or link on an attacker-chosen host. A chat client that renders markdown fetches the image automatically, sending the data to the attacker without a click.",
    references: llmRefs(["LLM05", "LLM02"], [116, 200]),
    remediation: {
      summary: "Do not render model-generated images or links to arbitrary hosts.",
      steps: ["Allow-list image and link hosts in the client renderer (or a Content-Security-Policy img-src).", "Strip or neutralise markdown images and HTML from model output server-side.", "Never let reply URLs carry conversation data."],
    },
    milestone: 2,
  },
  async run(ctx) {
    await reportProbeVerdicts(ctx);
  },
});
