// Remediation for a check on a given stack: the knowledge base's fix in the framework's and database's
// idiom, with the check's own advice standing in wherever the knowledge base only has a placeholder.
import type { CheckMeta } from "../../core/check.js";
import type { Remediation } from "../../core/types.js";
import { FALLBACK_ADVICE } from "../../knowledge/remediation/generic.js";
import { remediationFor as knowledgeFor } from "../../knowledge/remediation/index.js";
import type { Stack } from "../../knowledge/remediation/index.js";

export type { Stack };

export function remediationFor(meta: CheckMeta, stack: Stack): Remediation {
  const known = knowledgeFor(meta.id, stack, meta.remediation);
  const placeholderSteps = new Set(FALLBACK_ADVICE.steps);
  const usedFallback = known.summary === FALLBACK_ADVICE.summary || known.steps.some((s) => placeholderSteps.has(s));
  if (!usedFallback) return known;
  return {
    summary: known.summary === FALLBACK_ADVICE.summary ? meta.remediation.summary : known.summary,
    framework: known.framework,
    steps: [...new Set([...meta.remediation.steps, ...known.steps.filter((s) => !placeholderSteps.has(s))])],
    code: known.code,
  };
}
