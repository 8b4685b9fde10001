// The target's stack as the scan sees it: fingerprint metadata, and remediation fitted to it.
import type { Exchange, Finding, Fingerprint } from "../core/types.js";
import { Fingerprinter } from "../discovery/fingerprint.js";
import { referencesFor } from "../knowledge/compliance.js";
import { remediationFor } from "../knowledge/remediation/index.js";

/** Below this confidence the stack-specific fix could mislead; generic advice is shown instead. */
export const STACK_CONFIDENCE = 0.7;

export interface Stack {
  metadata: Fingerprint;
  remediate(f: Finding): Finding;
}

/** The stack seen in `exchanges`; a scan passes its own Fingerprinter so each exchange is read once. */
export function identifyStack(exchanges: readonly Exchange[], fingerprinter = new Fingerprinter()): Stack {
  const metadata = fingerprinter.update(exchanges).result();
  const framework = metadata.framework && metadata.framework.confidence >= STACK_CONFIDENCE ? metadata.framework.name : null;
  const database = metadata.database && metadata.database.confidence >= STACK_CONFIDENCE ? metadata.database.name : null;
  return {
    metadata,
    remediate(f) {
      const references = { ...referencesFor(f.checkId), ...f.references };
      // A check that already fitted its advice (e.g. to the database it probed) keeps it.
      if ((!framework && !database) || f.remediation.framework) return { ...f, references };
      // The check's own advice stands in where the table has no generic row for it (e.g. active checks).
      const own = { summary: f.remediation.summary, steps: f.remediation.steps, ...(f.remediation.code ? { code: f.remediation.code } : {}) };
      const fitted = remediationFor(f.checkId, { framework, database }, own);
      // Only replace the check's own advice when the table knows this stack for this check.
      if (!fitted.framework) return { ...f, references };
      return { ...f, references, remediation: fitted };
    },
  };
}
