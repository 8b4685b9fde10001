import { defineCheck } from "../../core/check.js";
import type { JsonSchema } from "../../core/types.js";
import { sensitiveFieldKind } from "../../patterns/field-names.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { itemsSchema, objectShape, responseSchema } from "../_shared/schema.js";
import { operationKey, within } from "../dataExposure/_exchange.js";
import { propertyRefs } from "./_refs.js";

const MAX_NAMES = 5;
const MAX_DEPTH = 5;
/** Array elements compared per array (the same schema applies to all). */
const MAX_ELEMENTS = 25;

/**
 * Property paths present in `value` but absent from `schema`, only where the schema lists properties and
 * does not allow additional ones. Shape mismatches (object vs array) are another problem: skipped.
 */
export function undocumentedPaths(value: Json, schema: JsonSchema | null, limit = MAX_NAMES): string[] {
  const out: string[] = [];
  const visit = (v: Json, s: JsonSchema | null, path: string, depth: number): void => {
    if (!s || depth > MAX_DEPTH || out.length >= limit) return;
    if (Array.isArray(v)) {
      const items = itemsSchema(s);
      for (const el of v.slice(0, MAX_ELEMENTS)) visit(el, items, `${path}[]`, depth + 1);
      return;
    }
    if (v === null || typeof v !== "object") return;
    const shape = objectShape(s);
    if (!shape || shape.properties.size === 0 || shape.open) return;
    for (const [key, child] of Object.entries(v)) {
      if (out.length >= limit) return;
      const p = path ? `${path}.${key}` : key;
      const documented = shape.properties.get(key);
      if (documented) visit(child, documented, p, depth + 1);
      else if (!out.includes(p)) out.push(p);
    }
  };
  visit(value, schema, "", 0);
  return out;
}

export default defineCheck({
  meta: {
    id: "propertyAuthorization.undocumented-properties",
    title: "Response properties missing from the documented schema",
    category: "propertyAuthorization",
    severity: "medium",
    how: "passive",
    description:
      "A 2xx response carries properties that its documented response schema does not list (where the schema lists properties and does not allow others). Undocumented fields are how internal columns — owner ids, flags, hashes, raw personal data — leak: the serializer returns the whole record instead of the documented view.",
    references: propertyRefs([213, 200]),
    remediation: {
      summary: "Serialize responses through explicit response models (allow-lists), and keep the spec generated from them.",
      steps: [
        "Declare a response model per operation (FastAPI `response_model`, DRF serializers with explicit `fields`, DTOs) instead of returning ORM objects.",
        "Set `additionalProperties: false` on response schemas and validate responses against the spec in tests (e.g. Schemathesis).",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    const res = ex.response;
    const op = ex.operation;
    if (!op || !res || res.status < 200 || res.status >= 300) return;
    const schema = responseSchema(op.responses, res.status);
    if (!schema) return;
    const json = parseJsonBody(res);
    if (!json) return;
    const names = undocumentedPaths(json.value, schema);
    if (names.length === 0 || !within(ctx, operationKey(ex), 1)) return;
    const sensitive = names.filter((n) => sensitiveFieldKind(n.split(".").pop()!.replace("[]", "")));
    ctx.report({
      confidence: "firm",
      operation: op,
      evidence: [
        {
          exchange: ex,
          excerpt: `undocumented: ${names.join(", ")}`,
          note: sensitive.length ? `sensitive by name: ${sensitive.join(", ")}` : `not in the ${res.status} response schema`,
        },
      ],
    });
  },
});
