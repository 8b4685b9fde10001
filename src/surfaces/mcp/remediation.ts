// Remediation for a check on a given stack. The check's own meta carries the generic advice.
import type { CheckMeta } from "../../core/check.js";
import type { Remediation } from "../../core/types.js";

export interface Stack {
  framework: string | null;
  database: string | null;
}

export function remediationFor(meta: CheckMeta, _stack: Stack): Remediation {
  return { summary: meta.remediation.summary, framework: null, steps: meta.remediation.steps, code: null };
}
