// The contract every layer shares: report shape, operation model, exchanges, checks.
// Names follow ../shared/spec/REPORT.md; extra fields are additions, never renames.

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONFIDENCES = ["confirmed", "firm", "tentative"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const CATEGORY_IDS = [
  "authentication",
  "bolaAuthorization",
  "encryption",
  "bflaAuthorization",
  "dataExposure",
  "propertyAuthorization",
  "inputValidation",
  "rateLimiting",
  "llmSecurity",
  "ssrf",
  "inventoryManagement",
  "unsafeConsumption",
] as const;
export type CategoryId = (typeof CATEGORY_IDS)[number];

export const MODES = ["passive", "safe", "active"] as const;
export type Mode = (typeof MODES)[number];

export const DEPTHS = ["quick", "standard", "deep"] as const;
export type Depth = (typeof DEPTHS)[number];

export const CONTEXTS = ["financial", "medical", "public", "internal"] as const;
export type ScanContext = (typeof CONTEXTS)[number];

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type HttpMethod = Uppercase<(typeof HTTP_METHODS)[number]>;

export type JsonSchema = Record<string, unknown>;

// ---------------------------------------------------------------- API model (spec/)

export type ParameterLocation = "path" | "query" | "header" | "cookie";

export interface Parameter {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema: JsonSchema | null;
  /** A value a scanner can send: example, default, enum member, format-shaped, or an id like `1`. */
  sample: string;
  description?: string;
}

export interface RequestBody {
  contentType: string;
  required: boolean;
  schema: JsonSchema | null;
  sample: unknown;
}

export interface ResponseSpec {
  description?: string;
  contentTypes: string[];
  /** Schema of the JSON-ish media type, if any. */
  schema: JsonSchema | null;
}

/** One alternative of a security requirement: scheme name → scopes. All entries are needed together. */
export type SecurityRequirement = Record<string, string[]>;

export interface SecurityScheme {
  type: "apiKey" | "http" | "oauth2" | "openIdConnect" | "mutualTLS" | "basic" | string;
  scheme?: string; // for http: basic, bearer, …
  in?: "header" | "query" | "cookie";
  name?: string;
  bearerFormat?: string;
}

export interface Operation {
  /** `GET /users/{id}`: unique within a model. */
  key: string;
  method: HttpMethod;
  /** Path template as written in the spec's `paths` (without the server base path). */
  path: string;
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  parameters: Parameter[];
  requestBody: RequestBody | null;
  /** Keyed by status code or `default`. */
  responses: Record<string, ResponseSpec>;
  /** Effective requirements (operation-level, else global). `[]` = explicitly public; null = none declared. */
  security: SecurityRequirement[] | null;
  /** Operation- or path-level server URLs, if any override the document's. */
  servers: string[];
  /** Where in the spec this operation is defined, a JSON pointer (for SARIF locations). */
  pointer: string;
  /** Set when endpoint discovery found it live rather than a description listing it. */
  discovered?: { how: string };
}

export interface ApiModel {
  /** URL or absolute file path the document came from. */
  source: string;
  specVersion: "2.0" | "3.0" | "3.1";
  title: string;
  version: string;
  servers: string[];
  /** Path part of the first server URL (3.x) or `basePath` (2.0), '' when none: prefixed to every operation path. */
  basePath: string;
  operations: Operation[];
  securitySchemes: Record<string, SecurityScheme>;
  globalSecurity: SecurityRequirement[] | null;
  /** Problems a lenient loader worked around (undefined refs in extensions, invalid keywords …). */
  warnings: string[];
  /** What the operations came from when it was not an OpenAPI/Swagger document. */
  inputKind?: "postman" | "har" | "endpoints";
}

// ---------------------------------------------------------------- Credentials

export type CredentialKind = "bearer" | "header" | "query" | "basic" | "cookie";

export interface Credential {
  kind: CredentialKind;
  /** Header / query / cookie name (for bearer: Authorization; basic: Authorization). */
  name: string;
  /** The secret itself; never serialised. */
  value: string;
  /** Environment variable the value came from (`--auth bearer:env:API_TOKEN` → API_TOKEN), for reproduce help. */
  env?: string;
}

export interface Identity {
  /** `default` when no `@label=` was given. */
  label: string;
  credentials: Credential[];
}

// ---------------------------------------------------------------- Exchanges (http/)

export interface RecordedRequest {
  method: HttpMethod;
  /** Full URL, credentials in the query string replaced by placeholders. */
  url: string;
  /** Lower-case names; credential values replaced by placeholders. */
  headers: Record<string, string>;
  body: string | null;
  /** Identity label used, or null for an unauthenticated request. */
  identity: string | null;
}

export interface RecordedResponse {
  status: number;
  /** Lower-case names; repeated headers (set-cookie) joined by "\n". */
  headers: Record<string, string>;
  /** Body decoded as UTF-8 (lossy), capped at the body limit. */
  body: string;
  /** Total bytes the server sent (may exceed body length when truncated). */
  size: number;
  truncated: boolean;
  contentType: string;
  timeMs: number;
}

export interface Exchange {
  id: number;
  /** Which check (or engine phase, e.g. `discovery`) sent it. */
  source: string;
  operation: Operation | null;
  request: RecordedRequest;
  response: RecordedResponse | null;
  /** Network-level failure (timeout, refused, reset …); response is null then. */
  error: string | null;
  /** Redirect hops followed within scope before this response. */
  redirects: string[];
}

// ---------------------------------------------------------------- Findings and report

export interface References {
  owaspApi2023?: string[];
  owaspTop10_2021?: string[];
  owaspLlm2025?: string[];
  cwe?: number[];
  pciDss4?: string[];
  soc2?: string[];
  hipaa?: string[];
}

export interface Evidence {
  /** Request line, e.g. `GET /users/2` (credentials redacted). */
  request: string;
  status: number | null;
  excerpt: string;
  note?: string;
}

export interface Remediation {
  summary: string;
  framework: string | null;
  steps: string[];
  code: string | null;
}

/** One place a root cause was seen; a finding that merges several places lists each of them. */
export interface Occurrence {
  /** `GET /users/{id}` when the place is an operation. */
  operation?: string;
  /** Identity label whose credentials or answers showed it. */
  identity?: string;
  /** Where exactly, e.g. `Set-Cookie session`, `--auth @alice bearer`, `response body`. */
  place?: string;
}

export interface Finding {
  id: string;
  checkId: string;
  category: CategoryId;
  severity: Severity;
  confidence: Confidence;
  title: string;
  description: string;
  operation: { method: string; path: string; url: string } | null;
  evidence: Evidence[];
  reproduce: string | null;
  remediation: Remediation;
  references: References;
  /** Spec location for SARIF (file + JSON pointer), when known. */
  location?: { file: string; pointer: string } | null;
  /** Every place this root cause was seen (distinct, bounded); absent for a finding about one place. */
  occurrences?: Occurrence[];
  /** Places seen beyond the bound of `occurrences`. */
  occurrencesOmitted?: number;
}

export interface CategoryScore {
  id: CategoryId;
  name: string;
  score: number;
  grade: Grade;
  applicable: boolean;
  findings: number;
  weight: number;
  /** Applicable, but every check in it failed to get an answer: not tested (and left out of the score). */
  notTested?: boolean;
}

/** Requests that did not give a usable answer, by cause (budget: never sent). */
export interface RequestFailures {
  connection: number;
  timeout: number;
  serverError: number;
  throttled: number;
  budget: number;
}

export interface CoverageCount {
  planned: number;
  exercised: number;
}

export interface CoverageRequests {
  /** Exchanges recorded (a redirect chain or throttling retries count once; `requests.sent` counts budget hops). */
  sent: number;
  /** Answered with a status under 500 other than 429. */
  answered: number;
  failed: RequestFailures;
}

export interface CategoryCoverage {
  id: CategoryId;
  operations: CoverageCount;
  checks: CoverageCount;
  requests: CoverageRequests;
  /** At least one of its checks was exercised. */
  tested: boolean;
}

export interface Coverage {
  /** The lower of the operation and check ratios (0-1); 1 when nothing was planned. */
  ratio: number;
  /** Below this ratio the scan is incomplete (docs/scoring.md). */
  floor: number;
  operations: CoverageCount;
  checks: CoverageCount;
  requests: CoverageRequests;
  /** Checks whose probes all failed: not tested, not passed. */
  notTested: { checkId: string; reason: string }[];
  categories: CategoryCoverage[];
}

export interface IncompleteReason {
  code: "unreachable-mid-scan" | "below-coverage-floor";
  message: string;
}

export interface ScoreCap {
  applied: boolean;
  limit: number | null;
  reason: string | null;
  /** The score before the cap (null when no cap applied). */
  uncapped?: number | null;
  /** The finding that set the cap (null when no cap applied). */
  findingId?: string | null;
  checkId?: string | null;
}

export type Grade = "A" | "B" | "C" | "D" | "F";

export interface FingerprintItem {
  name: string;
  confidence: number;
  evidence: string[];
  version?: string;
}

export interface Fingerprint {
  framework: FingerprintItem | null;
  server: FingerprintItem | null;
  database: FingerprintItem | null;
  auth: FingerprintItem[];
}

export interface ScanError {
  phase: string;
  message: string;
  checkId?: string;
}

/** Something a check saw that is worth knowing but is not a finding (no score, grade or gate effect). */
export interface Observation {
  checkId: string;
  message: string;
}

export interface SkippedOperation {
  method: string;
  path: string;
  reason: string;
}

/** A check that did not run here, or (`partial`) one part of it that was not tried while the rest ran. */
export interface SkippedCheck {
  checkId: string;
  reason: string;
  partial?: true;
}

export interface ScanReport {
  schemaVersion: "1.0";
  tool: { name: "rampart"; version: string; rubricVersion: string };
  scanId: string;
  /** specRejected: no spec was used because the document found was refused (`source: reason`). */
  target: { url: string; specUrl: string | null; host: string; specRejected?: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  options: Record<string, unknown>;
  requests: {
    sent: number;
    budget: number;
    byMethod: Record<string, number>;
    errors: number;
    throttled: number;
    incomplete: string | null;
  };
  fingerprint: Fingerprint;
  score: number;
  grade: Grade;
  cap: ScoreCap;
  categories: CategoryScore[];
  /** How much the scan saw (absent in reports written before coverage was measured). */
  coverage?: Coverage;
  /** Why the grade cannot be trusted (coverage under the floor, target stopped answering); null = complete. */
  incomplete?: IncompleteReason[] | null;
  findings: Finding[];
  suppressed: { findingId: string; checkId?: string; reason: string; expires?: string | null }[];
  skipped: { operations: SkippedOperation[]; checks: SkippedCheck[] };
  errors: ScanError[];
  /** What checks saw that is not a finding (no score effect); absent when there is none (and in older reports). */
  observations?: Observation[];
  /** Extra, per-subsystem results (tls grade, db audit …) keyed by subsystem. */
  extras: Record<string, unknown>;
  /** The `$RAMPART_…` variables the reproduce lines use: what each holds and how to set it. */
  reproduceVariables?: ReproduceVariable[];
  /** Every state-changing request the scan sent (active mode), its outcome and whether it was undone. */
  changes?: Change[];
}

/** What a state-changing request did: 2xx/3xx applied, 4xx rejected, 5xx failed, no answer unknown. */
export type ChangeOutcome = "applied" | "rejected" | "failed" | "unknown";

/**
 * Whether a change was undone: `done` (the clean-up succeeded or the object was already gone), `failed`
 * (the clean-up was refused or errored), `not-needed` (the request was rejected), `left` (applied and
 * not undone: review it by hand), `pending` (a clean-up is registered and has not run yet).
 */
export type UndoState = "done" | "failed" | "not-needed" | "left" | "pending";

/** One entry of the changes ledger (the report's `changes`). */
export interface Change {
  id: number;
  /** The recorded exchange (`evidence.exchangeId` elsewhere). */
  exchangeId: number;
  /** The check (or engine phase) that sent it. */
  checkId: string;
  method: HttpMethod;
  /** As recorded: credentials replaced by placeholders. */
  url: string;
  identity: string | null;
  status: number | null;
  outcome: ChangeOutcome;
  /** The object the answer says it created: its URL (Location) and/or id. */
  created: { location: string | null; id: string | null } | null;
  undo: { state: UndoState; request?: string; status?: number | null; note?: string };
}

/** One shell variable a reproduce line expects (credentials never appear in a report, only their names). */
export interface ReproduceVariable {
  /** Without the `$`, e.g. `RAMPART_ALICE_TOKEN`. */
  variable: string;
  /** What the variable holds, e.g. `bearer token of identity "alice"`. */
  holds: string;
  /** A shell line that sets it, when Rampart knows one (`export RAMPART_TOKEN="$API_TOKEN"`). */
  set?: string;
}
