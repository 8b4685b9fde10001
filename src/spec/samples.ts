// Sample values a scanner can send: for a parameter (a string) and for a request body (JSON value).
// Order of preference: example(s), default, const, enum member, format-shaped value, id-like name → 1,
// then a value of the schema's type. Bodies are built with bounded depth, size and cut cycles.
import type { JsonSchema } from "../core/types.js";
import { isObject, setOwn } from "./pointer.js";
import { CIRCULAR_REF, UNRESOLVED_REF } from "./schema.js";

/** Format-shaped samples (string formats of JSON Schema / OpenAPI). */
export const FORMAT_SAMPLES: Readonly<Record<string, string | number>> = {
  uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  guid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  date: "2024-01-01",
  "date-time": "2024-01-01T00:00:00Z",
  time: "12:00:00",
  duration: "P1D",
  email: "user@example.com",
  "idn-email": "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  iri: "https://example.com/",
  "uri-reference": "/",
  "iri-reference": "/",
  "uri-template": "https://example.com/{id}",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  byte: "dGVzdA==",
  binary: "test",
  password: "Passw0rd!",
  regex: "^a$",
  "json-pointer": "/a",
  "relative-json-pointer": "0",
  phone: "+15555550100",
  int32: 1,
  int64: 1,
  float: 1,
  double: 1,
};

/** Names that carry an identifier: `id`, `user_id`, `user-id`, `userId`, `userID`. */
const ID_NAME = /^(id|ID|Id)$|[_-](id|ID)$|[a-z0-9]I[dD]$/;

const MAX_BODY_DEPTH = 6;
const MAX_PROPERTIES = 40;
const MAX_NODES = 2000;

export type SampleUse = "request" | "response";

/** A value for a parameter, as the string to put in a path, query, header or cookie. */
export function parameterSample(name: string, schema: JsonSchema | null, example?: unknown): string {
  if (example !== undefined && example !== null) return stringify(example);
  const v = scalarSample(schema ?? {}, name);
  return stringify(v);
}

function stringify(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return v.length > 0 ? stringify(v[0]) : "1";
  if (v === null || v === undefined) return "1";
  return JSON.stringify(v);
}

/** The first example-like value a schema states, if any (example, examples[0], default, const, enum[0]). */
export function declaredValue(schema: JsonSchema): unknown {
  if (schema.example !== undefined && schema.example !== null) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length > 0 && schema.examples[0] !== null) return schema.examples[0];
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum)) return schema.enum.find((e) => e !== null);
  return undefined;
}

/** The schema's main type: first of a type array that is not "null", or implied by keywords. */
export function schemaType(schema: JsonSchema): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x): x is string => typeof x === "string" && x !== "null");
  if (isObject(schema.properties) || isObject(schema.additionalProperties)) return "object";
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return "array";
  return undefined;
}

const BRANCH_KEYS = ["oneOf", "anyOf"] as const;

/** Folds allOf and picks the first usable oneOf/anyOf branch, one level deep. */
function flatten(schema: JsonSchema): JsonSchema {
  let s = schema;
  if (Array.isArray(s.allOf)) {
    const merged: JsonSchema = { ...s };
    delete merged.allOf;
    const props: Record<string, unknown> = {};
    const required: unknown[] = [];
    for (const part of s.allOf) {
      if (!isObject(part)) continue;
      const p = flatten(part);
      for (const [k, v] of Object.entries(p)) if (merged[k] === undefined) merged[k] = v;
      if (isObject(p.properties)) Object.assign(props, p.properties);
      if (Array.isArray(p.required)) required.push(...p.required);
    }
    if (isObject(s.properties)) Object.assign(props, s.properties);
    if (Array.isArray(s.required)) required.push(...s.required);
    if (Object.keys(props).length > 0) merged.properties = props;
    if (required.length > 0) merged.required = [...new Set(required)];
    s = merged;
  }
  for (const k of BRANCH_KEYS) {
    const branches = s[k];
    if (!Array.isArray(branches) || schemaType(s) !== undefined) continue;
    const pick = branches.find((b) => isObject(b) && b.type !== "null" && !isCut(b)) ?? branches[0];
    if (isObject(pick)) {
      const rest: JsonSchema = { ...s };
      delete rest[k];
      return flatten({ ...pick, ...stripAnnotations(rest) });
    }
  }
  return s;
}

function stripAnnotations(s: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) if (k !== "description" && k !== "title") out[k] = v;
  return out;
}

function isCut(s: Record<string, unknown>): boolean {
  return s[CIRCULAR_REF] !== undefined || s[UNRESOLVED_REF] !== undefined;
}

/** A scalar-ish sample for a schema (used for parameters). */
export function scalarSample(input: JsonSchema, name = ""): unknown {
  const schema = flatten(input);
  const declared = declaredValue(schema);
  if (declared !== undefined) return declared;
  const type = schemaType(schema);
  const format = typeof schema.format === "string" ? schema.format.toLowerCase() : undefined;
  if (type === "array") {
    const items = isObject(schema.items) ? schema.items : {};
    return [scalarSample(items, singular(name))];
  }
  if (format && type !== "integer" && type !== "number" && FORMAT_SAMPLES[format] !== undefined) return FORMAT_SAMPLES[format];
  if (type === "boolean") return true;
  if (type === "integer" || type === "number") return numberSample(schema, type);
  if ((type === undefined || type === "string") && ID_NAME.test(name)) return 1;
  if (type === undefined || type === "string") return stringSample(schema, name);
  if (type === "null") return null;
  return {};
}

function singular(name: string): string {
  return name.endsWith("s") ? name.slice(0, -1) : name;
}

function numberSample(schema: JsonSchema, type: string): number {
  const step = type === "integer" ? 1 : 0.5;
  let lower: number | undefined;
  if (typeof schema.minimum === "number") lower = schema.exclusiveMinimum === true ? schema.minimum + step : schema.minimum;
  if (typeof schema.exclusiveMinimum === "number") lower = Math.max(lower ?? -Infinity, schema.exclusiveMinimum + step);
  let v = lower === undefined ? 1 : Math.max(1, lower);
  if (typeof schema.maximum === "number" && v > schema.maximum) v = schema.exclusiveMaximum === true ? schema.maximum - step : schema.maximum;
  if (typeof schema.exclusiveMaximum === "number" && v >= schema.exclusiveMaximum) v = schema.exclusiveMaximum - step;
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) v = Math.ceil(v / schema.multipleOf) * schema.multipleOf;
  return type === "integer" ? Math.ceil(v) : v;
}

function stringSample(schema: JsonSchema, name: string): string {
  const lower = name.toLowerCase();
  let v = lower.includes("email") ? "user@example.com" : lower === "url" || lower.endsWith("_url") || lower.endsWith("url") ? "https://example.com/" : "test";
  const minLength = typeof schema.minLength === "number" ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === "number" ? schema.maxLength : undefined;
  if (v.length < minLength) v = v.padEnd(minLength, "x");
  if (maxLength !== undefined && v.length > maxLength) v = v.slice(0, Math.max(maxLength, 0));
  return v;
}

/**
 * A JSON value matching `schema`, for a request body (readOnly properties left out) or a response.
 * Recursion markers become empty values; depth and total size are bounded.
 */
export function bodySample(schema: JsonSchema | null, use: SampleUse = "request"): unknown {
  if (!schema) return undefined;
  const budget = { nodes: 0 };
  return valueFor(schema, "", 0, use, budget);
}

function valueFor(input: JsonSchema, name: string, depth: number, use: SampleUse, budget: { nodes: number }): unknown {
  budget.nodes++;
  if (isCut(input)) return undefined;
  const schema = flatten(input);
  const declared = declaredValue(schema);
  if (declared !== undefined) return declared;
  const type = schemaType(schema);
  if (type === "object") {
    const out: Record<string, unknown> = {};
    if (depth >= MAX_BODY_DEPTH || budget.nodes > MAX_NODES) return out;
    const props = isObject(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : []);
    const names = Object.keys(props).sort((a, b) => Number(required.has(b)) - Number(required.has(a)));
    for (const key of names.slice(0, MAX_PROPERTIES)) {
      const p = props[key];
      if (!isObject(p)) continue;
      if (use === "request" && p.readOnly === true && !required.has(key)) continue;
      if (use === "response" && p.writeOnly === true) continue;
      const v = valueFor(p, key, depth + 1, use, budget);
      if (v !== undefined) setOwn(out, key, v);
    }
    return out;
  }
  if (type === "array") {
    if (depth >= MAX_BODY_DEPTH || budget.nodes > MAX_NODES) return [];
    const items = isObject(schema.items) ? schema.items : Array.isArray(schema.prefixItems) && isObject(schema.prefixItems[0]) ? schema.prefixItems[0] : {};
    const v = valueFor(items, singular(name), depth + 1, use, budget);
    return v === undefined ? [] : [v];
  }
  return scalarSample(schema, name);
}
