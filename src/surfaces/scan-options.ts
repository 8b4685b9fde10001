// Flags (CLI, Action inputs, config file) → ScanOptions: one mapping shared by every surface.
import type { Baseline } from "../config/baseline.js";
import type { ConfigurableFlags } from "../config/scan-settings.js";
import type { ScanOptions } from "../engine/options.js";

export interface ScanFlags extends ConfigurableFlags {
  output?: string;
  dryRun?: boolean;
  /** Hosts confirmed for --mode active outside loopback/private ranges. */
  confirmTarget?: string[];
  includeOperation?: string[];
  /** GraphQL endpoint URL or path (--graphql). */
  graphql?: string;
  checks?: string[];
  skipChecks?: string[];
  ca?: string;
  dsn?: string[];
  db?: string[];
  probeDb?: boolean;
  burst?: number;
  llmPace?: number;
  /** false with --no-store. */
  store?: boolean;
}

export function flagsToOptions(
  target: string,
  f: ScanFlags,
  env: Record<string, string | undefined>,
  baseline: Baseline | null = null,
): ScanOptions {
  const o: ScanOptions = { target, env };
  if (f.spec) o.spec = f.spec;
  if (f.endpoints) o.endpoints = f.endpoints;
  if (f.postmanEnv) o.postmanEnvironment = f.postmanEnv;
  o.discover = f.discover ?? "standard"; // surfaces look for hidden routes unless told not to
  if (f.auth?.length) o.auth = f.auth;
  if (f.logins && Object.keys(f.logins).length) o.logins = f.logins;
  if (f.mode) o.mode = f.mode;
  if (f.confirmTarget?.length) o.confirmTarget = f.confirmTarget;
  if (f.callbackHost) o.callbackHost = f.callbackHost;
  if (f.depth) o.depth = f.depth;
  if (f.context) o.context = f.context;
  if (f.concurrency) o.concurrency = f.concurrency;
  if (f.rate) o.rate = f.rate;
  if (f.budget) o.budget = f.budget;
  if (f.timeout) o.timeoutMs = f.timeout;
  if (f.graphql) o.graphql = f.graphql;
  if (f.includeOperation?.length) o.includeOperations = f.includeOperation;
  if (f.checks?.length) o.checks = f.checks;
  if (f.skipChecks?.length) o.excludeChecks = f.skipChecks;
  if (f.ca) o.ca = f.ca;
  if (f.transportFrom) o.transportFrom = f.transportFrom;
  if (f.dsn?.length) o.dsn = f.dsn;
  if (f.db?.length) o.db = f.db;
  if (f.probeDb) o.probeDb = true;
  if (f.burst) o.burst = f.burst;
  if (f.llmPace !== undefined) o.llmPaceMs = f.llmPace;
  if (baseline) o.baseline = baseline;
  return o;
}
