// What a caller of scan() may ask for. Surfaces (CLI, Action, MCP, server) build this object.
import type { LlmSettings } from "../core/check.js";
import type { Baseline } from "../config/baseline.js";
import type { LoginDeclarations } from "../auth/declaration.js";
import type { Depth, Mode, ScanContext } from "../core/types.js";
import type { ConfirmSurface } from "../http/active-target.js";

export interface ScanOptions {
  /** Base URL of the API, e.g. http://127.0.0.1:8000 */
  target: string;
  /** URL or file path of the OpenAPI/Swagger document; when absent, well-known locations are tried. */
  spec?: string | null;
  /** File of `METHOD /path` lines: operations added to (or, without a spec, making up) the model. */
  endpoints?: string | null;
  /** Postman environment file whose values fill a Postman collection's `{{variables}}`. */
  postmanEnvironment?: string | null;
  /** URL (or path on the target) of a GraphQL endpoint to scan; GraphQL endpoints are also looked for at
   *  the usual paths. An SDL file given as `spec` (`schema.graphql`) supplies the schema. */
  graphql?: string | null;
  /** Endpoint discovery beyond the description (default off here; the CLI, Action and MCP default to standard). */
  discover?: "off" | "standard" | "deep";
  /** Try the well-known spec locations when no spec is given (default true; `rampart llm` turns it off). */
  discoverSpec?: boolean;
  /** Raw --auth values: `bearer:…`, `header:Name=…`, `query:name=…`, `basic:user:pass`, `cookie:name=…`,
   *  optionally prefixed with `@label=`; values may be `env:VAR`. */
  auth?: string[];
  /** Identities that log in (label → `login:` request or `oauth2:` grant); secrets as `env:` references. */
  logins?: LoginDeclarations;
  mode?: Mode;
  /** Hosts the user confirmed for --mode active outside loopback/private ranges (--confirm-target). */
  confirmTarget?: string[];
  /** The surface that started the scan: a refusal names its own setting (default: the CLI flag). */
  confirmVia?: ConfirmSurface;
  depth?: Depth;
  context?: ScanContext | null;
  concurrency?: number;
  /** Requests per second, global. */
  rate?: number;
  budget?: number;
  timeoutMs?: number;
  /** Only checks whose id equals or starts with one of these (e.g. `encryption.`, `dataExposure.ssn`). */
  checks?: string[];
  excludeChecks?: string[];
  /** Operation keys (`GET /reset`) or paths the user explicitly allows in safe mode. */
  includeOperations?: string[];
  burst?: number;
  llmPaceMs?: number;
  /** AI-endpoint options: the target is the endpoint (`rampart llm`), a forced request shape, an opt-in judge. */
  llm?: LlmSettings;
  /** `host:port` of databases to probe. */
  db?: string[];
  dsn?: string[];
  /** Probe the API host's default database ports (5432, 26257). */
  probeDb?: boolean;
  /** PEM text or a path to a PEM file with extra trust anchors. */
  ca?: string | null;
  /** Where the API's TLS is served (`https://api.example.com`), or `terminated-upstream`; default the target. */
  transportFrom?: string | null;
  /** `host[:port]` the target can reach this machine at (--callback-host): active probes that make the target
   *  fetch from the scanner (a `jku` key set, an `x5u` certificate) listen there. Loopback targets need none (127.0.0.1, ephemeral port). */
  callbackHost?: string | null;
  /** Cap on stored body size per response (bytes). */
  maxBodyBytes?: number;
  /** Accepted findings (.rampart.yml `ignore:` / --baseline): suppressed before scoring, listed in `suppressed`. */
  baseline?: Baseline | null;
  /** Environment used to resolve `env:VAR` credential values (defaults to process.env in surfaces). */
  env?: Record<string, string | undefined>;
  /**
   * Lower-case host name → vetted IP address: every connection of the scan (HTTP, TLS and database audits)
   * goes to these addresses and names not listed are not resolved (the server's target guard; no DNS rebinding).
   */
  pinnedHosts?: Readonly<Record<string, string>>;
}

export const DEFAULTS = {
  mode: "safe" as Mode,
  depth: "standard" as Depth,
  concurrency: 8,
  rate: 50,
  budget: 2000,
  timeoutMs: 10_000,
  burst: 30,
  llmPaceMs: 500,
  maxBodyBytes: 1024 * 1024,
} as const;
