// Runs TLS checks the way the engine does: a CheckContext whose transport is the real, memoised
// auditTls against a live listener. Only the parts the TLS checks touch are functional; HTTP is
// unavailable (these checks must not send HTTP).
import type { Check, CheckContext, FindingInput, Transport } from "../../../src/core/check.js";
import { auditTls } from "../../../src/tls/audit.js";
import type { TlsAudit } from "../../../src/tls/types.js";

export interface CheckRun {
  findings: FindingInput[];
  warnings: string[];
  skipped: string[];
}

export function tlsTransport(opts: { caPem?: string | null; timeoutMs?: number; servername?: string } = {}): Transport & { audits: number } {
  const cache = new Map<string, Promise<TlsAudit>>();
  const t = {
    audits: 0,
    tls(host: string, port: number) {
      const key = `${host}:${port}`;
      let p = cache.get(key);
      if (!p) {
        t.audits++;
        p = auditTls(host, port, { timeoutMs: opts.timeoutMs ?? 5000, caPem: opts.caPem ?? null, ...(opts.servername ? { servername: opts.servername } : {}) });
        cache.set(key, p);
      }
      return p;
    },
    db: () => Promise.reject(new Error("no database in TLS tests")),
  };
  return t;
}

export async function runChecks(checks: readonly Check[], target: string, transport: Transport): Promise<Map<string, CheckRun>> {
  const url = new URL(target);
  const out = new Map<string, CheckRun>();
  await Promise.all(
    checks.map(async (check) => {
      const run: CheckRun = { findings: [], warnings: [], skipped: [] };
      out.set(check.meta.id, run);
      const ctx: CheckContext = {
        checkId: check.meta.id,
        http: new Proxy({} as CheckContext["http"], { get: () => { throw new Error("TLS checks send no HTTP"); } }),
        transport,
        changes: { create: () => Promise.reject(new Error("TLS checks change nothing")), undo: () => false, entryFor: () => null },
        api: null,
        operations: [],
        identities: [],
        settings: {
          mode: "safe", depth: "standard", context: null, burst: 30, llmPaceMs: 0, includeOperations: [], dbTargets: [], dsns: [],
          caPem: null, callbackHost: null,
        },
        target: { url: target, host: url.hostname, port: Number(url.port || 443), protocol: url.protocol as "http:" | "https:" },
        fingerprint: { framework: null, server: null, database: null, auth: [] },
        signal: new AbortController().signal,
        exchanges: () => [],
        exchangesFor: () => [],
        exchangesAt: () => [],
        urlFor: () => target,
        report: (f) => run.findings.push({ ...f, checkId: f.checkId ?? check.meta.id }),
        notApplicable: (reason) => run.skipped.push(reason),
        warn: (message) => run.warnings.push(message),
        observe: (message) => run.warnings.push(message),
        shared: new Map(),
      };
      await check.run?.(ctx);
    }),
  );
  return out;
}

/** Ids of the checks that reported at least one finding. */
export function firing(runs: Map<string, CheckRun>): string[] {
  return [...runs].filter(([, r]) => r.findings.length > 0).map(([id]) => id).sort();
}
