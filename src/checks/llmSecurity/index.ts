// Registry of the llmSecurity checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import encodingBypass from "./encoding-bypass.js";
import endpointDetected from "./endpoint-detected.js";
import excessiveAgency from "./excessive-agency.js";
import jailbreak from "./jailbreak.js";
import markdownExfiltration from "./markdown-exfiltration.js";
import modelDisclosure from "./model-disclosure.js";
import outputSensitiveData from "./output-sensitive-data.js";
import promptInjection from "./prompt-injection.js";
import systemPromptLeak from "./system-prompt-leak.js";
import unauthenticatedEndpoint from "./unauthenticated-endpoint.js";
import unboundedCost from "./unbounded-cost.js";
import usageMetadataExposed from "./usage-metadata-exposed.js";

export const llmSecurityChecks: Check[] = [
  encodingBypass,
  endpointDetected,
  excessiveAgency,
  jailbreak,
  markdownExfiltration,
  modelDisclosure,
  outputSensitiveData,
  promptInjection,
  systemPromptLeak,
  unauthenticatedEndpoint,
  unboundedCost,
  usageMetadataExposed,
];
