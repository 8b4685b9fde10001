// planScan(): what a scan would send, per check, without sending any probe (--dry-run).
import type { SkippedOperation } from "../core/types.js";
import type { ScanHooks } from "./events.js";
import type { ScanOptions } from "./options.js";
import { prepareScan } from "./prepare.js";

export interface ScanPlan {
  target: string;
  specSource: string | null;
  operations: number;
  skippedOperations: SkippedOperation[];
  /** Requests already sent to reach the target and find the spec. */
  discoveryRequests: number;
  crawlRequests: number;
  checks: { checkId: string; requests: number; skipped?: string }[];
  total: number;
  budget: number;
}

export async function planScan(options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanPlan> {
  const p = await prepareScan(options, hooks);
  try {
    const planCtx = { api: p.api, operations: p.operations, identities: p.identities, settings: p.settings, target: p.target };
    const checks: ScanPlan["checks"] = [
      ...p.runnable.map((c) => ({ checkId: c.meta.id, requests: c.estimateRequests?.(planCtx) ?? 0 })),
      ...p.skippedChecks.map((s) => ({ checkId: s.checkId, requests: 0, skipped: s.reason })),
    ].sort((a, b) => a.checkId.localeCompare(b.checkId));
    const crawlRequests = p.operations.filter((op) => op.method === "GET").length;
    const discoveryRequests = p.http.stats().sent;
    const total = discoveryRequests + crawlRequests + checks.reduce((s, c) => s + c.requests, 0);
    return {
      target: p.target.url,
      specSource: p.specSource,
      operations: p.operations.length,
      skippedOperations: p.skippedOperations,
      discoveryRequests,
      crawlRequests,
      checks,
      total,
      budget: p.budget,
    };
  } finally {
    await p.http.close();
  }
}
