// JSON schemas shared by routes: they validate requests, shape responses and become the OpenAPI document.
import { CONTEXTS, DEPTHS, MODES, SEVERITIES } from "../core/types.js";
import { ROLES, SCAN_STATUSES } from "../store/index.js";

/** A reference to a shared schema registered with app.addSchema. */
export const ref = (id: string) => ({ $ref: `${id}#` }) as const;

const nullable = (type: string) => ({ type: [type, "null"] }) as const;

/** Nested report objects (findings, categories) are passed through whole; schema/report.schema.json defines them. */
const looseObject = { type: "object", additionalProperties: true } as const;

export const scanSummarySchema = {
  $id: "ScanSummary",
  type: "object",
  required: ["id", "target", "status", "startedAt"],
  properties: {
    id: { type: "string" },
    target: { type: "string" },
    specUrl: nullable("string"),
    status: { type: "string", enum: SCAN_STATUSES },
    startedAt: { type: "string", format: "date-time" },
    finishedAt: nullable("string"),
    error: nullable("string"),
    score: nullable("integer"),
    grade: nullable("string"),
    findings: {
      type: "object",
      properties: Object.fromEntries([...SEVERITIES, "total"].map((s) => [s, { type: "integer" }])),
    },
    durationMs: nullable("integer"),
    requestsSent: nullable("integer"),
    waiting: {
      type: ["string", "null"],
      description: "why a queued scan has not started yet (PostgreSQL job queue: no worker is running); null otherwise",
    },
  },
} as const;

export const progressSchema = {
  $id: "ScanProgress",
  type: "object",
  description: "live state of a queued or running scan (null once it has ended or when another process runs it)",
  properties: {
    phase: nullable("string"),
    requestsSent: { type: "integer" },
    budget: nullable("integer"),
    operations: nullable("integer"),
    checksFinished: { type: "integer" },
    findings: { type: "integer" },
  },
} as const;

export const scanDetailSchema = {
  $id: "ScanDetail",
  type: "object",
  required: ["id", "target", "status", "startedAt"],
  properties: {
    ...scanSummarySchema.properties,
    progress: { anyOf: [ref("ScanProgress"), { type: "null" }] },
    options: looseObject,
    categories: { type: "array", items: looseObject },
    findings: { type: "array", items: looseObject },
    suppressed: { type: "array", items: looseObject },
    errors: { type: "array", items: looseObject },
    counts: scanSummarySchema.properties.findings,
    report: { anyOf: [looseObject, { type: "null" }], description: "the full report (schema/report.schema.json), triage applied" },
  },
} as const;

export const scanRequestSchema = {
  $id: "ScanRequest",
  type: "object",
  required: ["url"],
  additionalProperties: false,
  properties: {
    url: { type: "string", minLength: 1, maxLength: 2048, description: "base URL of the API (http or https)" },
    spec: { type: "string", minLength: 1, maxLength: 2048, description: "URL of its OpenAPI document (default: well-known locations)" },
    mode: { type: "string", enum: MODES, description: "passive | safe (default, read-only) | active" },
    depth: { type: "string", enum: DEPTHS },
    context: { type: "string", enum: CONTEXTS },
    identities: {
      type: "array",
      maxItems: 8,
      items: { type: "string", pattern: "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$" },
      description: "names of identities stored for this target (credentials never travel in a scan request)",
    },
    checks: { type: "array", maxItems: 100, items: { type: "string", minLength: 1, maxLength: 200 }, description: "only checks whose id starts with one of these" },
    excludeChecks: { type: "array", maxItems: 100, items: { type: "string", minLength: 1, maxLength: 200 } },
    budget: { type: "integer", minimum: 1, maximum: 100000, description: "maximum requests (default 2000)" },
    rate: { type: "number", exclusiveMinimum: 0, maximum: 10000, description: "requests per second (default 50)" },
    concurrency: { type: "integer", minimum: 1, maximum: 256 },
  },
} as const;

export const tokenSchema = {
  $id: "Token",
  type: "object",
  required: ["id", "name", "role", "createdAt"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    role: { type: "string", enum: ROLES },
    createdAt: { type: "string" },
    lastUsedAt: nullable("string"),
    revokedAt: nullable("string"),
  },
} as const;

export const sharedSchemas = [scanSummarySchema, progressSchema, scanDetailSchema, scanRequestSchema, tokenSchema] as const;

export const idParams = {
  type: "object",
  required: ["id"],
  properties: { id: { type: "string", minLength: 1, maxLength: 100 } },
} as const;

/** `limit` and `offset` of every listing route; the answer carries `total` so clients can page. */
export function pageQuery(defaultLimit: number, maxLimit: number) {
  return {
    limit: { type: "integer", minimum: 1, maximum: maxLimit, default: defaultLimit },
    offset: { type: "integer", minimum: 0, maximum: 10_000_000, default: 0 },
  } as const;
}

/** The answer of a listing route: one page of `items`, the `total` across pages, and the page asked for. */
export function pageOf(items: Record<string, unknown>) {
  return {
    type: "object",
    required: ["items", "total", "limit", "offset"],
    properties: { items: { type: "array", items }, total: { type: "integer" }, limit: { type: "integer" }, offset: { type: "integer" } },
  } as const;
}
