// Inputs of an operation that take a URL: parameters and request-body properties named like URLs
// (url, callback, webhook, redirect …) or declared with a URI format. Schemas are walked bounded.
import type { JsonSchema, Operation } from "../../core/types.js";
import { isUrlField } from "../../patterns/field-names.js";
import { itemsSchema, objectShape } from "../_shared/schema.js";

const URI_FORMATS = new Set(["uri", "url", "iri", "uri-reference", "iri-reference", "uri-template"]);
const MAX_DEPTH = 5;
const MAX_INPUTS = 50;

export interface UrlInput {
  /** `query url`, `body webhook.target_url`. */
  where: string;
  name: string;
  byFormat: boolean;
}

function takesUrl(name: string, schema: JsonSchema | null): { byFormat: boolean } | null {
  const format = schema?.["format"];
  if (typeof format === "string" && URI_FORMATS.has(format)) return { byFormat: true };
  return isUrlField(name) ? { byFormat: false } : null;
}

function bodyInputs(schema: JsonSchema | null, path: string, depth: number, out: UrlInput[], seen: WeakSet<object>): void {
  if (!schema || depth > MAX_DEPTH || seen.has(schema) || out.length >= MAX_INPUTS) return;
  seen.add(schema);
  const items = itemsSchema(schema);
  if (items) bodyInputs(items, `${path}[]`, depth + 1, out, seen);
  const shape = objectShape(schema);
  if (!shape) return;
  for (const [name, sub] of shape.properties) {
    const p = path ? `${path}.${name}` : name;
    const hit = takesUrl(name, sub);
    if (hit) out.push({ where: `body ${p}`, name, ...hit });
    bodyInputs(sub, p, depth + 1, out, seen);
  }
}

export function urlInputs(op: Operation): UrlInput[] {
  const out: UrlInput[] = [];
  for (const p of op.parameters) {
    const hit = takesUrl(p.name, p.schema);
    if (hit) out.push({ where: `${p.in} ${p.name}`, name: p.name, ...hit });
  }
  bodyInputs(op.requestBody?.schema ?? null, "", 0, out, new WeakSet());
  return out;
}
