// A CheckContext over the real HTTP client, for driving the AI-endpoint assessment and the llmSecurity
// checks against fixture servers without the whole engine (findings are collected as reported).
import type { CheckContext, FindingInput, LlmSettings, ScanSettings } from "../../../src/core/check.js";
import type { ApiModel, Depth, Identity, Mode } from "../../../src/core/types.js";
import { createHttpClient, type RecordingHttpClient } from "../../../src/http/client.js";
import { changeTracker } from "../../../src/engine/cleanup.js";
import { loadParsedSpec } from "../../../src/spec/index.js";
import { operationUrl } from "../../../src/spec/url.js";

export interface TestContextOptions {
  target: string;
  spec?: Record<string, unknown> | null;
  bearer?: string;
  depth?: Depth;
  mode?: Mode;
  llm?: LlmSettings;
  budget?: number;
  /** Delay between prompts (default 0 in tests). */
  pace?: number;
}

export interface TestScan {
  context(checkId: string): CheckContext;
  http: RecordingHttpClient;
  findings: (FindingInput & { checkId: string })[];
  warnings: string[];
  shared: Map<string, unknown>;
  close(): Promise<void>;
}

export async function testScan(o: TestContextOptions): Promise<TestScan> {
  const identities: Identity[] = o.bearer ? [{ label: "default", credentials: [{ kind: "bearer", name: "authorization", value: o.bearer }] }] : [];
  const mode = o.mode ?? "safe";
  const http = createHttpClient({
    baseUrl: o.target,
    mode,
    identities,
    budget: o.budget ?? 500,
    ratePerSecond: 1000,
    concurrency: 4,
    timeoutMs: 5000,
    maxBodyBytes: 1024 * 1024,
    userAgent: "rampart-test",
    includeOperations: [],
  });
  const api: ApiModel | null = o.spec ? await loadParsedSpec(`${o.target}/openapi.json`, o.spec) : null;
  const u = new URL(o.target);
  const settings: ScanSettings = {
    mode,
    depth: o.depth ?? "standard",
    context: null,
    burst: 30,
    llmPaceMs: o.pace ?? 0,
    includeOperations: [],
    dbTargets: [],
    dsns: [],
    caPem: null,
    callbackHost: null,
    ...(o.llm ? { llm: o.llm } : {}),
  };
  const shared = new Map<string, unknown>();
  const findings: (FindingInput & { checkId: string })[] = [];
  const warnings: string[] = [];
  const context = (checkId: string): CheckContext => {
    const ctx = {
      checkId,
      http: http.withSource(checkId),
      changes: changeTracker(http.withSource(checkId), http.changes, () => null),
      transport: { tls: () => Promise.reject(new Error("no transport in this test")), db: () => Promise.reject(new Error("no transport in this test")) },
      api,
      operations: api?.operations ?? [],
      identities,
      settings,
      target: { url: o.target.replace(/\/+$/, ""), host: u.hostname, port: Number(u.port), protocol: u.protocol as "http:" | "https:" },
      fingerprint: { framework: null, server: null, database: null, auth: [] },
      signal: new AbortController().signal,
      exchanges: () => http.exchanges(),
      exchangesFor: (key: string) => http.exchangesFor(key),
      exchangesAt: (url: string) => http.exchangesAt(url),
      urlFor: (op: Parameters<typeof operationUrl>[0], overrides?: Record<string, string>) => operationUrl(op, o.target, api?.basePath ?? "", overrides),
      report: (f: FindingInput) => findings.push({ ...f, checkId: f.checkId ?? checkId }),
      notApplicable: (reason: string) => warnings.push(`${checkId} skipped: ${reason}`),
      warn: (m: string) => warnings.push(`${checkId}: ${m}`),
      observe: (m: string) => warnings.push(`${checkId} observed: ${m}`),
      shared,
    };
    return ctx;
  };
  return { context, http, findings, warnings, shared, close: () => http.close() };
}

/** Runs checks the way the engine does: every run() concurrently, then analyze() over every exchange. */
export async function runChecks(t: TestScan, checks: readonly import("../../../src/core/check.js").Check[]): Promise<void> {
  await Promise.all(checks.filter((c) => c.run).map((c) => c.run?.(t.context(c.meta.id))));
  const exchanges = t.http.exchanges();
  for (const c of checks) {
    if (!c.analyze) continue;
    const ctx = t.context(c.meta.id);
    for (const ex of exchanges) await c.analyze(ex, ctx);
  }
}
