// Merges `.rampart.yml` into the scan flags (flags win) and gathers the baseline from the config's
// `ignore:` entries plus a `--baseline` file.
import path from "node:path";
import { UsageError } from "../core/errors.js";
import type { Grade, ScanContext, Severity } from "../core/types.js";
import type { ScanOptions } from "../engine/options.js";
import type { Baseline } from "./baseline.js";
import { loadBaselineFile } from "./baseline-file.js";
import { identitiesToAuth, identitiesToLogins, loadConfig, type RampartConfig } from "./config-file.js";
import type { LoginDeclarations } from "../auth/declaration.js";

/** The flags a config file can supply; each surface's flag object has these keys (all optional). */
export interface ConfigurableFlags {
  spec?: string;
  /** `METHOD /path` list file. */
  endpoints?: string;
  /** Postman environment file for a Postman collection given as the spec. */
  postmanEnv?: string;
  /** Endpoint discovery level. */
  discover?: "off" | "standard" | "deep";
  auth?: string[];
  /** Identities that log in (from `identities:` entries with `login:` or `oauth2:`). */
  logins?: LoginDeclarations;
  mode?: ScanOptions["mode"];
  depth?: ScanOptions["depth"];
  context?: ScanContext;
  format?: string;
  outputDir?: string;
  threshold?: number | Grade;
  failOn?: Severity;
  concurrency?: number;
  rate?: number;
  budget?: number;
  timeout?: number;
  config?: string;
  baseline?: string;
  /** Where the API's TLS is served (`https://…`), or `terminated-upstream`. */
  transportFrom?: string;
  /** `host[:port]` the target can reach the scanner at (active probes that make it fetch from us). */
  callbackHost?: string;
}

export interface ResolvedSettings<F extends ConfigurableFlags> {
  target: string;
  flags: F;
  baseline: Baseline | null;
  configPath: string | null;
}

/** Flag values win; the config fills what the flags left unset. Paths in the config are relative to it. */
export function mergeConfig<F extends ConfigurableFlags>(flags: F, config: RampartConfig, configDir: string): F {
  const out: F = { ...flags };
  const rel = (p: string) => (/^https?:\/\//i.test(p) ? p : path.resolve(configDir, p));
  if (out.spec === undefined && config.spec) out.spec = rel(config.spec);
  if (out.discover === undefined && config.discover) out.discover = config.discover;
  if (out.endpoints === undefined && config.endpoints) out.endpoints = rel(config.endpoints);
  if (out.postmanEnv === undefined && config.postmanEnvironment) out.postmanEnv = rel(config.postmanEnvironment);
  if (!out.auth?.length && config.identities) out.auth = identitiesToAuth(config.identities);
  if (!out.logins && config.identities) {
    const logins = identitiesToLogins(config.identities);
    if (Object.keys(logins).length) out.logins = logins;
  }
  if (out.mode === undefined && config.mode) out.mode = config.mode;
  if (out.depth === undefined && config.depth) out.depth = config.depth;
  if (out.context === undefined && config.context) out.context = config.context;
  if (out.format === undefined && config.formats) out.format = config.formats.join(",");
  if (out.outputDir === undefined && config.outputDir) out.outputDir = rel(config.outputDir);
  if (out.threshold === undefined && config.threshold !== undefined) out.threshold = config.threshold;
  if (out.failOn === undefined && config.failOn) out.failOn = config.failOn;
  if (out.concurrency === undefined && config.concurrency) out.concurrency = config.concurrency;
  if (out.rate === undefined && config.rate) out.rate = config.rate;
  if (out.budget === undefined && config.budget) out.budget = config.budget;
  if (out.timeout === undefined && config.timeout) out.timeout = config.timeout;
  if (out.callbackHost === undefined && config.callbackHost) out.callbackHost = config.callbackHost;
  if (out.transportFrom === undefined && (config.transportFrom ?? config.transport)) out.transportFrom = config.transportFrom ?? config.transport;
  return out;
}

/** Loads the config (explicit `--config`, else `.rampart.yml` in cwd) and the baseline; needs a target. */
export function resolveSettings<F extends ConfigurableFlags>(url: string | undefined, flags: F, cwd: string): ResolvedSettings<F> {
  const loaded = loadConfig(cwd, flags.config);
  const configDir = loaded.path ? path.dirname(loaded.path) : cwd;
  const merged = mergeConfig(flags, loaded.config, configDir);
  const target = url ?? loaded.config.target;
  if (!target) throw new UsageError("missing <url>: give the API's base URL, or set target in .rampart.yml");
  const entries = [...(loaded.config.ignore ?? [])];
  const sources: string[] = [];
  if (loaded.config.ignore?.length && loaded.path) sources.push(path.relative(cwd, loaded.path) || loaded.path);
  if (flags.baseline) {
    const file = loadBaselineFile(path.resolve(cwd, flags.baseline));
    entries.push(...file.entries);
    sources.push(flags.baseline);
  }
  return {
    target,
    flags: merged,
    baseline: entries.length ? { entries, source: sources.join(" + ") } : null,
    configPath: loaded.path,
  };
}
