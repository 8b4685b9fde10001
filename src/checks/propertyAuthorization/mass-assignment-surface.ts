import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { massAssignmentReason } from "../../patterns/field-names.js";
import { schemaProperties } from "../_shared/schema.js";
import { adminReason, tokens } from "../bflaAuthorization/_roles.js";
import { propertyRefs } from "./_refs.js";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH"]);
const MAX_NAMES = 5;

/** Resources where a price-like field is the client's to set (a catalogue, not an order). */
const PRICED_RESOURCES = new Set(["product", "products", "plan", "plans", "price", "prices", "pricing", "catalog", "catalogue", "item", "items", "sku", "skus", "coupon", "coupons", "discount", "discounts", "offer", "offers"]);

function risky(op: Operation): { path: string; why: string }[] {
  const out: { path: string; why: string }[] = [];
  const priced = tokens(op.path).some((t) => PRICED_RESOURCES.has(t));
  for (const prop of schemaProperties(op.requestBody?.schema ?? null)) {
    if (prop.readOnly) continue;
    const why = massAssignmentReason(prop.name);
    if (!why || (why === "money" && priced)) continue;
    if (!out.some((x) => x.path === prop.path)) out.push({ path: prop.path, why });
  }
  return out;
}

export default defineCheck({
  meta: {
    id: "propertyAuthorization.mass-assignment-surface",
    title: "Privileged fields accepted in request bodies",
    category: "propertyAuthorization",
    severity: "medium",
    how: "offline",
    description:
      "Request schemas of write operations accept fields a client must not set — roles and admin flags, balances and credits, owner/tenant ids, verification and account state, server-set timestamps — without marking them readOnly. When the server binds the body to its model, any caller can grant themselves privileges or move objects between owners (mass assignment). Administrative operations are not reported.",
    references: propertyRefs([915, 269]),
    remediation: {
      summary: "Bind request bodies to input models that list only client-settable fields; set privileged fields server-side.",
      steps: [
        "Use separate create/update input models (DTOs, Pydantic models, strong parameters) without role, owner or balance fields.",
        "Mark server-set properties `readOnly: true` in the spec and reject them in input validation.",
        "Set ownership from the authenticated caller, never from the body.",
      ],
    },
    milestone: 1,
  },
  async run(ctx) {
    const ops = (ctx.api?.operations ?? []).filter((op) => WRITE_METHODS.has(op.method) && op.requestBody?.schema);
    if (ops.length === 0) return ctx.notApplicable("no write operation with a request schema");
    for (const op of ops) {
      if (adminReason(op)) continue; // admins set roles by design
      const found = risky(op);
      if (found.length === 0) continue;
      const privileged = found.some((f) => f.why === "privilege");
      ctx.report({
        confidence: "firm",
        operation: op,
        evidence: [
          {
            request: `${op.method} ${op.path}`,
            status: null,
            excerpt: `request body accepts ${found.slice(0, MAX_NAMES).map((f) => `${f.path} (${f.why})`).join(", ")}${found.length > MAX_NAMES ? `, +${found.length - MAX_NAMES} more` : ""}, not readOnly`,
            note: privileged ? "privilege fields: a caller may grant themselves a role" : "server-owned fields a caller should not set",
          },
        ],
        reproduce: null,
      });
    }
  },
});
