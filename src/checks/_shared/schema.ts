// Walks JSON Schemas as the spec loader left them (dereferenced, possibly cyclic): object properties
// through allOf/oneOf/anyOf, array items, and whether extra properties are allowed.
import type { JsonSchema } from "../../core/types.js";

export interface ObjectShape {
  properties: Map<string, JsonSchema>;
  /** Extra properties are allowed (additionalProperties true/schema, or the shape is unknown). */
  open: boolean;
  readOnly: Set<string>;
}

function asSchema(v: unknown): JsonSchema | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as JsonSchema) : null;
}

export function objectShape(schema: JsonSchema | null, seen = new WeakSet<object>()): ObjectShape | null {
  if (!schema || seen.has(schema)) return null;
  seen.add(schema);
  const shape: ObjectShape = { properties: new Map(), open: false, readOnly: new Set() };
  let known = false;
  const props = asSchema(schema["properties"]);
  if (props) {
    known = true;
    for (const [k, v] of Object.entries(props)) {
      const s = asSchema(v);
      if (!s) continue;
      shape.properties.set(k, s);
      if (s["readOnly"] === true) shape.readOnly.add(k);
    }
  }
  const ap = schema["additionalProperties"];
  if (ap === true || asSchema(ap) || schema["patternProperties"]) shape.open = true;
  for (const key of ["allOf", "oneOf", "anyOf"]) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    for (const sub of list) {
      const inner = objectShape(asSchema(sub), seen);
      if (!inner) continue;
      known = true;
      for (const [k, v] of inner.properties) shape.properties.set(k, v);
      for (const k of inner.readOnly) shape.readOnly.add(k);
      if (inner.open || key !== "allOf") shape.open = shape.open || inner.open;
    }
  }
  if (!known) return null;
  return shape;
}

export function itemsSchema(schema: JsonSchema | null): JsonSchema | null {
  return schema ? asSchema(schema["items"]) : null;
}

/** The documented schema of a response status: exact code, then `2XX`, then `default`. */
export function responseSchema(responses: Record<string, { schema: JsonSchema | null }>, status: number): JsonSchema | null {
  return responses[String(status)]?.schema ?? responses[`${String(status)[0]}XX`]?.schema ?? responses["default"]?.schema ?? null;
}

/** Every property name of a request schema, with its path (bounded). */
export function* schemaProperties(schema: JsonSchema | null, path = "", depth = 0, seen = new WeakSet<object>()): Generator<{ name: string; path: string; readOnly: boolean }> {
  if (!schema || depth > 6 || seen.has(schema)) return;
  seen.add(schema);
  const shape = objectShape(schema);
  if (shape) {
    for (const [name, sub] of shape.properties) {
      const p = path ? `${path}.${name}` : name;
      yield { name, path: p, readOnly: shape.readOnly.has(name) };
      yield* schemaProperties(sub, p, depth + 1, seen);
    }
  }
  const items = itemsSchema(schema);
  if (items) yield* schemaProperties(items, `${path}[]`, depth + 1, seen);
}
