// The check contract (ESLint rule shape): pure `meta` + `run(ctx)` for probes, `analyze(exchange, ctx)`
// for passive inspection of every recorded exchange. Checks reach the world only through ctx.
import type {
  ApiModel,
  CategoryId,
  Change,
  Confidence,
  Depth,
  Evidence,
  Exchange,
  Fingerprint,
  HttpMethod,
  Identity,
  Mode,
  Occurrence,
  Operation,
  References,
  Remediation,
  ReproduceVariable,
  ScanContext,
  Severity,
} from "./types.js";
import type { DbAudit } from "../db/audit.js";
import type { TlsAudit } from "../tls/types.js";

/** passive: looks at traffic the scan has; probe: extra read-only requests; active: needs --mode active; offline: no traffic. */
export type CheckHow = "passive" | "probe" | "active" | "offline";

export interface CheckMeta {
  id: string;
  title: string;
  category: CategoryId;
  severity: Severity;
  how: CheckHow;
  /** One paragraph: what it detects and why it matters. */
  description: string;
  references: References;
  /** `code`: configuration or code that applies the fix (e.g. per server), shown on the docs page. */
  remediation: { summary: string; steps: string[]; code?: string };
  /** Milestone from CHECKS.md. */
  milestone?: 1 | 2;
  /** Judges how the target's own socket is served (TLS, HSTS, plaintext): not applicable when the
   *  user declares transport terminated upstream. */
  transport?: true;
  /**
   * What the check may change on the target, in one sentence (required for `how: "active"`; shown on
   * its docs page, in --dry-run and in docs/active.md), e.g. "creates one order per operation and
   * deletes it at the end".
   */
  changes?: string;
}

/** One request a check plans to send, listed by --dry-run before anything is sent. */
export interface PlannedRequest {
  method: HttpMethod;
  /** Absolute URL (placeholders such as `{created id}` where the value is only known at run time). */
  url: string;
  /** Why it is sent, e.g. "boolean pair: true branch"; `if …` when it is sent only on a condition. */
  purpose: string;
  /** Body sent, when any (shortened). */
  body?: string;
}

/**
 * Where the API's transport is really served, when not on the scanned socket (a local service behind a
 * TLS-terminating proxy): an https origin whose TLS, HSTS and plaintext redirect are audited instead, or
 * "terminated upstream", which makes the transport checks not applicable.
 */
export type TransportSetting =
  | { kind: "from"; url: string; host: string; port: number }
  | { kind: "terminated-upstream" };

/** A credential a check sends instead of an identity's (a forged, expired or random token). */
export interface CredentialOverride {
  kind: "bearer" | "header" | "query" | "cookie" | "basic";
  name: string;
  value: string;
  /** Record a placeholder, not the value (a cracked secret, a token signed with one). */
  redact?: boolean;
  /** Record it as this shell variable and tell the report what it holds (implies redact). */
  as?: ReproduceVariable;
}

export interface HttpRequestInput {
  method?: HttpMethod;
  /** Absolute URL, or a path resolved against the target base URL. */
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  body?: string | null;
  /** Identity label to authenticate as; null/undefined = no credentials. */
  identity?: string | null;
  /** Replace identity credentials with these (e.g. a forged token). Recorded as sent (they are evidence)
   *  unless `redact` is set (e.g. a cracked secret), then recorded as a placeholder. */
  credentialsOverride?: CredentialOverride[];
  operation?: Operation | null;
  /** Follow same-origin redirects (default true). */
  followRedirects?: boolean;
  /** Treat this POST as a text-only AI-endpoint prompt (allowed in safe mode). */
  aiPrompt?: boolean;
  /** A GraphQL request: outside active mode it may carry only queries, and POST only to a confirmed
   *  GraphQL endpoint (the HTTP layer parses every document to decide; see docs/graphql.md). */
  graphql?: boolean;
  /** Explicitly requested operation (--include-operation) — lets safe mode call a risky GET. */
  timeoutMs?: number;
  /** Retry after 429/503 + Retry-After (default true). Rate-limit probes set false to see the 429 itself. */
  retryThrottled?: boolean;
  /** Body cap of this request (default: the scan's); specification documents get the file limit. */
  maxBodyBytes?: number;
}

export interface HttpClient {
  /** Sends through policy (mode, scope, budget, rate, concurrency) and records the exchange.
   *  Network failures come back as an Exchange with `error` set; policy refusals throw PolicyError,
   *  an exhausted budget throws BudgetExhaustedError (the engine records both). */
  send(req: HttpRequestInput): Promise<Exchange>;
  /** Requests left in the budget. */
  remaining(): number;
  /** Base URL of the target (no trailing slash). */
  readonly baseUrl: string;
  /** Builds a reproducible curl line for an exchange (credentials as placeholders). */
  curl(ex: Exchange): string;
}

/** Raw-socket audits (TLS, database wire) — memoised per host:port, run under the scan's concurrency. */
export interface Transport {
  tls(host: string, port: number): Promise<TlsAudit>;
  db(host: string, port: number): Promise<DbAudit>;
}

export interface EvidenceInput extends Partial<Evidence> {
  exchange?: Exchange;
}

export interface FindingInput {
  /** Defaults to the reporting check's id (a check may report a sibling id it owns, e.g. tls rows). */
  checkId?: string;
  severity?: Severity;
  confidence: Confidence;
  title?: string;
  description?: string;
  operation?: Operation | { method: string; path: string; url?: string } | null;
  evidence: EvidenceInput[];
  /** Distinguishes findings of one check on one operation (e.g. the header or the pattern row). */
  key?: string;
  /** Where this root cause was seen. Given, the finding is one per check and `key` (the root cause), not per
   *  operation: every report with the same key merges into one finding whose `occurrences` list each place
   *  (the operation, when given, is added to each place). */
  where?: Occurrence | Occurrence[];
  /** Overrides the check's remediation (e.g. stack-specific); framework names the stack. */
  remediation?: Partial<Remediation>;
  /** Exchange for the reproduce line; defaults to the first evidence exchange. */
  reproduce?: Exchange | string | null;
  /** Whether personal/payment data is involved (context financial/medical raises severity). */
  sensitiveData?: boolean;
}

export interface ScanSettings {
  mode: Mode;
  depth: Depth;
  context: ScanContext | null;
  /** Burst size for rate-limit probing. */
  burst: number;
  /** Delay between LLM probes in ms. */
  llmPaceMs: number;
  /** Operation keys the user explicitly allowed in safe mode. */
  includeOperations: string[];
  /** Hosts:ports the user named for database probes. */
  /** `speculative`: added by --probe-db (the API host's default ports), so silence there is not an error. */
  dbTargets: { host: string; port: number; speculative?: boolean }[];
  /** DSNs given with --dsn (secrets: never serialised). */
  dsns: string[];
  /** Extra trust anchors (PEM) for certificate validation. */
  caPem: string | null;
  /** --callback-host `host[:port]` (validated), or null: see http/callback-listener.ts. */
  callbackHost: string | null;
  /** GraphQL: the endpoint the user named and the SDL schema they gave (absent = look for endpoints). */
  graphql?: GraphqlSettings;
  /** AI-endpoint testing options (`rampart llm`, --shape, --llm-judge); absent = defaults. */
  llm?: LlmSettings;
  /** --transport-from: where TLS is served, when not on the target socket; absent = the target itself. */
  transport?: TransportSetting;
}

export interface GraphqlSettings {
  /** Absolute URL of the endpoint (--graphql). */
  endpoint: string | null;
  /** SDL text of the schema (--spec schema.graphql) and where it came from. */
  sdl: string | null;
  sdlSource: string | null;
}

/** An OpenAI-compatible model that may review LLM probe replies; opt-in, never the default. */
export interface LlmJudgeSettings {
  url: string;
  model: string;
  /** Secret: never serialised. */
  apiKey: string | null;
}

export interface LlmSettings {
  /** Treat the target URL itself as an AI endpoint (what `rampart llm <url>` means). */
  targetIsEndpoint?: boolean;
  /** Request shape to use instead of learning it: openai, anthropic, prompt, input, message, query, field:<name>. */
  shape?: string | null;
  judge?: LlmJudgeSettings | null;
}

/** What `ctx.changes.create` gives back: the exchange, its ledger entry and what the answer created. */
export interface CreatedObject {
  exchange: Exchange;
  /** Null when the request changed nothing (e.g. a refused method). */
  change: Change | null;
  /** URL of the created object (Location header), or null. */
  location: string | null;
  /** Id the answer names (`id`, `_id`, `uuid`, `data.id` …), or null. */
  id: string | null;
}

/**
 * The clean-up API of active checks. Every state-changing request sent through ctx.http is in the
 * changes ledger whatever the check does; these methods add what only the check knows: how to undo it.
 * Clean-ups run once at the end of the scan, newest first, as the identity that made the change
 * (budget-exempt; each registered clean-up holds one request of the budget back). See docs/active.md.
 *
 *   const made = await ctx.changes.create({ method: "POST", url, body, identity: "alice", operation: op });
 *   // deleted at the end: DELETE on the Location, or on the spec's DELETE operation for made.id
 *   const patched = await ctx.http.send({ method: "PATCH", url: made.location!, body: '{"role":"admin"}', identity: "bob" });
 *   ctx.changes.undo(patched, { method: "PATCH", url: made.location!, body: '{"role":"user"}', identity: "alice" }, "restore role");
 */
export interface ChangeTracker {
  /**
   * Sends a request that creates an object and registers its deletion. `undo` overrides the default
   * clean-up (return null to leave the object, which the report then lists as `left`).
   */
  create(req: HttpRequestInput, options?: { undo?: (created: CreatedObject) => HttpRequestInput | null; note?: string }): Promise<CreatedObject>;
  /** Registers the clean-up of a change already sent (replacing any earlier one); false when the exchange changed nothing. */
  undo(exchange: Exchange, request: HttpRequestInput, note?: string): boolean;
  /** The ledger entry of a recorded exchange, or null when it changed nothing. */
  entryFor(exchange: Exchange): Change | null;
}

export interface CheckContext {
  readonly checkId: string;
  readonly http: HttpClient;
  readonly transport: Transport;
  readonly api: ApiModel | null;
  /** Operations the scan may call in this mode (unsafe ones already removed). */
  readonly operations: Operation[];
  readonly identities: Identity[];
  readonly settings: ScanSettings;
  readonly target: { url: string; host: string; port: number; protocol: "http:" | "https:" };
  readonly fingerprint: Fingerprint;
  readonly signal: AbortSignal;
  /** The scan's --concurrency (absent: the default), for bounding how much work a check keeps pending. */
  readonly concurrency?: number;
  /** All exchanges recorded so far (discovery + probes). */
  exchanges(): readonly Exchange[];
  /** The exchanges of one operation (by its key), in recording order: indexed, cheap to ask per operation. */
  exchangesFor(operationKey: string): readonly Exchange[];
  /** The exchanges whose recorded URL is this URL (same origin, path up to trailing slashes, query): indexed. */
  exchangesAt(url: string): readonly Exchange[];
  /** Full URL of an operation: target base + spec base path + path with sample (or given) parameter values. */
  urlFor(op: Operation, overrides?: Record<string, string>): string;
  report(finding: FindingInput): void;
  /** The check does not apply here (recorded in the report's skipped list). With `partial`, only one part
   *  of it was not tried (e.g. a probe that needs --callback-host): recorded, but the check still counts as run. */
  notApplicable(reason: string, options?: { partial?: boolean }): void;
  /** A non-fatal problem worth recording (becomes a report error with this check's id). */
  warn(message: string): void;
  /** Something the target did that is worth knowing but is not a finding (the report's `observations`: no
   *  score effect), e.g. it fetched a key URL from a forged token it then refused. Repeats are kept once. */
  observe(message: string): void;
  /** Scratch space shared between checks of one scan (e.g. tokens observed). */
  readonly shared: Map<string, unknown>;
  /** The changes ledger's clean-up API (active checks): objects created, how to undo changes. */
  readonly changes: ChangeTracker;
}

/** What a check can see before any probe is sent (for --dry-run request estimates). */
export interface PlanContext {
  readonly api: ApiModel | null;
  readonly operations: Operation[];
  readonly identities: Identity[];
  readonly settings: ScanSettings;
  readonly target: { url: string; host: string; port: number; protocol: "http:" | "https:" };
  /** Full URL of an operation, as CheckContext.urlFor. */
  urlFor(op: Operation, overrides?: Record<string, string>): string;
}

export interface Check {
  meta: CheckMeta;
  /** Upper bound of the HTTP requests run() will send (for --dry-run); omitted = planRequests' length, else 0. */
  estimateRequests?(ctx: PlanContext): number;
  /** Every request run() may send, for --dry-run (required of active checks). */
  planRequests?(ctx: PlanContext): PlannedRequest[];
  /** Probe/offline work; runs once per scan. */
  run?(ctx: CheckContext): Promise<void>;
  /** Passive inspection; called once per recorded exchange after probing. */
  analyze?(exchange: Exchange, ctx: CheckContext): void | Promise<void>;
}

/** Identity helper for inference, as citty's defineCommand. */
export function defineCheck(check: Check): Check {
  return check;
}
