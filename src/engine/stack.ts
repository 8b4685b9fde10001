// The target's stack as the scan sees it: fingerprint metadata, and remediation fitted to it.
import type { Exchange, Finding, Fingerprint } from "../core/types.js";

export interface Stack {
  metadata: Fingerprint;
  remediate(f: Finding): Finding;
}

export function identifyStack(_exchanges: readonly Exchange[]): Stack {
  return { metadata: { framework: null, server: null, database: null, auth: [] }, remediate: (f) => f };
}
