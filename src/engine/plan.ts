// planScan(): what a scan would send, per check, without sending any probe (--dry-run). It sends only
// the requests that fetch the spec, without credentials unless the server demands them for it.
import type { PlanContext, PlannedRequest } from "../core/check.js";
import type { SkippedOperation } from "../core/types.js";
import { operationUrl } from "../spec/url.js";
import type { ScanHooks } from "./events.js";
import type { ScanOptions } from "./options.js";
import { prepareScan } from "./prepare.js";

export interface ScanPlan {
  target: string;
  specSource: string | null;
  /** The spec found but refused (`source: reason`), when no spec is used because of it. */
  specRejected: string | null;
  /** Requests sent to fetch the spec (the only ones a dry run sends), without and with credentials. */
  specRequests: { anonymous: number; authenticated: number };
  operations: number;
  skippedOperations: SkippedOperation[];
  /** Requests already sent to find the spec. */
  discoveryRequests: number;
  crawlRequests: number;
  /** Endpoint discovery: its level and the most requests it may spend (null when off). */
  endpointDiscovery: { level: string; requests: number } | null;
  /** Per check: the request count (an upper bound), and for active checks every planned request and what they may change. */
  checks: { checkId: string; requests: number; skipped?: string; planned?: PlannedRequest[]; changes?: string }[];
  /** Active mode against a target outside loopback/private ranges without --confirm-target: what a real run needs. */
  confirmation: string | null;
  /** What preparing the plan noticed: rejected specs, slow discovery, spec warnings. */
  notes: string[];
  total: number;
  budget: number;
}

export async function planScan(options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanPlan> {
  const p = await prepareScan(options, hooks, { dryRun: true });
  try {
    const planCtx: PlanContext = {
      api: p.api,
      operations: p.operations,
      identities: p.identities,
      settings: p.settings,
      target: p.target,
      urlFor: (op, overrides) => operationUrl(op, p.target.url, p.basePath, overrides),
    };
    const checks: ScanPlan["checks"] = [
      ...p.runnable.map((c) => {
        // Active checks list every request they may send; the others give an upper bound.
        const planned = c.planRequests?.(planCtx);
        const requests = c.estimateRequests?.(planCtx) ?? planned?.length ?? 0;
        return { checkId: c.meta.id, requests, ...(planned ? { planned } : {}), ...(c.meta.changes ? { changes: c.meta.changes } : {}) };
      }),
      ...p.skippedChecks.map((s) => ({ checkId: s.checkId, requests: 0, skipped: s.reason })),
    ].sort((a, b) => a.checkId.localeCompare(b.checkId));
    const crawlRequests = p.operations.filter((op) => op.method === "GET").length;
    const discoveryRequests = p.http.stats().sent;
    const endpointDiscovery = p.discovery ? { level: p.discovery.level, requests: p.discovery.allowance } : null;
    const total = discoveryRequests + (endpointDiscovery?.requests ?? 0) + crawlRequests + checks.reduce((s, c) => s + c.requests, 0);
    return {
      target: p.target.url,
      specSource: p.specSource,
      specRejected: p.specRejected,
      specRequests: { ...p.specCredentials },
      operations: p.operations.length,
      skippedOperations: p.skippedOperations,
      discoveryRequests,
      crawlRequests,
      endpointDiscovery,
      checks,
      notes: p.errors.map((e) => e.message),
      total,
      budget: p.budget,
      confirmation: p.confirmation,
    };
  } finally {
    await p.http.close();
  }
}
