// Finding AI endpoints: spec operations scored by path, operation text and request schema; the target URL
// itself; and (without a spec) a short list of well-known paths confirmed at runtime by shape learning.
import type { ApiModel, JsonSchema, Operation } from "../core/types.js";
import { AI_API_TERMS, AI_PATH_ROWS, AI_TEXT, MODEL_HEADERS, MODEL_NAME, PROMPT_FIELDS, USAGE_HEADERS } from "../patterns/llm-detection.js";
import { operationUrl } from "../spec/url.js";
import { shapeForField } from "./shapes.js";
import type { AiEndpoint, ShapeId } from "./types.js";

/** Score at which a spec operation counts as an AI endpoint (e.g. AI path + prompt field). */
const SPEC_THRESHOLD = 3;

const MAX_TOKENS_FIELDS = ["max_tokens", "max_completion_tokens", "max_output_tokens", "max_new_tokens", "maxTokens", "maxOutputTokens", "num_predict", "max_length"];

type Props = Record<string, JsonSchema>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Properties of an object schema, following allOf and the first oneOf/anyOf branch. */
export function schemaProperties(schema: JsonSchema | null, depth = 0): { props: Props; required: string[] } {
  const props: Props = {};
  const required: string[] = [];
  if (!schema || depth > 4) return { props, required };
  if (isRecord(schema.properties)) for (const [k, v] of Object.entries(schema.properties)) if (isRecord(v)) props[k] = v;
  if (Array.isArray(schema.required)) for (const r of schema.required) if (typeof r === "string") required.push(r);
  const parts = [...(Array.isArray(schema.allOf) ? schema.allOf : []), ...(Array.isArray(schema.oneOf) ? schema.oneOf.slice(0, 1) : []), ...(Array.isArray(schema.anyOf) ? schema.anyOf.slice(0, 1) : [])];
  for (const part of parts) {
    if (!isRecord(part)) continue;
    const inner = schemaProperties(part, depth + 1);
    Object.assign(props, inner.props);
    required.push(...inner.required);
  }
  return { props, required };
}

export function pathWeight(path: string): number {
  return Math.max(0, ...AI_PATH_ROWS.filter((r) => r.regex.test(path)).map((r) => r.weight));
}

export interface SchemaShape {
  shape: ShapeId | null;
  field: string | null;
  weight: number;
  maxTokensField: string | null;
}

/** The request shape a body schema implies: a `messages` array, or the best-known prompt property. */
export function shapeFromSchema(schema: JsonSchema | null, path = ""): SchemaShape {
  const { props, required } = schemaProperties(schema);
  const maxTokensField = MAX_TOKENS_FIELDS.find((f) => f in props) ?? null;
  for (const row of PROMPT_FIELDS) {
    const prop = props[row.field];
    if (!prop) continue;
    if (row.field === "messages") {
      if (prop.type !== undefined && prop.type !== "array") continue;
      // Anthropic's messages API requires max_tokens and takes the system prompt as a top-level string.
      const anthropic = /\/messages\/?$/.test(path) || (required.includes("max_tokens") && "system" in props);
      return { shape: anthropic ? "anthropic" : "openai", field: row.field, weight: row.weight, maxTokensField };
    }
    if (prop.type !== undefined && prop.type !== "string" && !(row.field === "input" && prop.type === "array")) continue;
    return { shape: row.shape as ShapeId, field: row.field, weight: row.weight, maxTokensField };
  }
  // An unusual prompt property name, when it is the only required string.
  const strings = required.filter((r) => props[r]?.type === "string");
  if (strings.length === 1 && strings[0] && /prompt|input|message|query|question|text|content|instruction|utterance/i.test(strings[0])) {
    return { shape: shapeForField(strings[0]), field: strings[0], weight: 1, maxTokensField };
  }
  return { shape: null, field: null, weight: 0, maxTokensField };
}

function opText(op: Operation): string {
  return [op.summary, op.description, op.operationId, ...op.tags].filter(Boolean).join(" ");
}

function sampleBase(op: Operation): Record<string, unknown> {
  const s = op.requestBody?.sample;
  return isRecord(s) ? { ...s } : {};
}

/** Spec operations that look like AI endpoints, strongest first. */
export function detectFromSpec(api: ApiModel, baseUrl: string, basePath: string): AiEndpoint[] {
  const found: { ep: AiEndpoint; score: number }[] = [];
  for (const op of api.operations) {
    if (op.method !== "POST") continue;
    const reasons: string[] = [];
    const pw = pathWeight(op.path);
    if (pw > 0) reasons.push(`path ${op.path}`);
    const textHit = AI_TEXT.exec(opText(op));
    if (textHit) reasons.push(`operation text mentions "${textHit[0]}"`);
    const body = op.requestBody && /json|text/i.test(op.requestBody.contentType) ? shapeFromSchema(op.requestBody.schema, op.path) : null;
    if (body?.field) reasons.push(`request body has "${body.field}"`);
    const score = pw + (textHit ? 2 : 0) + (body?.weight ?? 0);
    if (score < SPEC_THRESHOLD || (!body?.field && pw < 2)) continue;
    found.push({
      score,
      ep: {
        url: operationUrl(op, baseUrl, basePath),
        path: op.path,
        operation: op,
        shape: body?.shape ?? null,
        base: sampleBase(op),
        maxTokensField: body?.maxTokensField ?? null,
        source: "spec",
        reasons,
        securedBySpec: op.security === null ? null : op.security.length > 0 && !op.security.some((alt) => Object.keys(alt).length === 0),
      },
    });
  }
  return found.sort((a, b) => b.score - a.score).map((f) => f.ep);
}

/** The scan target itself, when its path names an AI endpoint or the user said so (`rampart llm`). */
export function endpointForTarget(targetUrl: string, explicit: boolean): AiEndpoint | null {
  let path: string;
  try {
    path = new URL(targetUrl).pathname;
  } catch {
    return null;
  }
  const weight = pathWeight(path);
  if (!explicit && weight < 2) return null;
  return {
    url: targetUrl,
    path: path || "/",
    operation: null,
    shape: null,
    base: {},
    maxTokensField: null,
    source: "target",
    reasons: [explicit ? "named as the AI endpoint to test" : `target path ${path}`],
    securedBySpec: null,
  };
}

/** A candidate from the well-known list, with why it counts (a GET/OPTIONS answer that speaks an AI API). */
export function wellKnownEndpoint(url: string, path: string, why: string): AiEndpoint {
  return {
    url,
    path,
    operation: null,
    shape: null,
    base: {},
    maxTokensField: null,
    source: "well-known",
    reasons: [`well-known AI path ${path}: ${why}`],
    securedBySpec: null,
  };
}

/** GET statuses that say "something lives here that wants another method, a body or credentials". */
export function isCandidateStatus(status: number, contentType: string): boolean {
  if ([400, 401, 403, 405, 415, 422].includes(status)) return true;
  return status === 200 && /json/i.test(contentType);
}

/** Request and response headers of model providers and gateways (model name, token usage, versions). */
function aiHeader(name: string): boolean {
  return MODEL_HEADERS.includes(name) || USAGE_HEADERS.some((re) => re.test(name)) || /^(?:openai|anthropic)-/.test(name);
}

/**
 * Why a GET/OPTIONS answer at a guessed path speaks a chat/completions API, or null. A status alone
 * (405, 400 …) proves nothing: any catch-all route gives one. The answer must carry the API's own
 * signs: provider headers, a model name, or two words of its request vocabulary (path echoes removed).
 */
export function aiAnswerEvidence(res: { status: number; headers: Record<string, string>; body: string }, path: string): string | null {
  const header = Object.keys(res.headers).find(aiHeader);
  if (header) return `header ${header}`;
  const body = res.body.slice(0, 8192).split(path).join(" ");
  const model = MODEL_NAME.exec(body);
  if (model) return `model name ${model[0]}`;
  const terms = new Set([...body.matchAll(AI_API_TERMS)].map((m) => m[1]!.toLowerCase()));
  if (terms.size >= 2) return `names ${[...terms].slice(0, 3).map((t) => `"${t}"`).join(", ")}`;
  return null;
}
