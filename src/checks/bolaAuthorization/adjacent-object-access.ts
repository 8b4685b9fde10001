import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange } from "../../core/types.js";
import { authorisedBaseline, claimBaselines } from "../_shared/baseline.js";
import { redactEmail } from "../../patterns/redact.js";
import { sensitiveContent } from "../../patterns/sensitive.js";
import { callerValues, collectionOf, harvestIds, neighbours, objectBody, objectOperations, ownerFields, exchangeAs } from "./_objects.js";
import { bolaRefs } from "./_refs.js";
import { sameKind } from "./_shape.js";

/** Owner values in evidence: ids as they are, e-mail addresses redacted. */
function shown(value: string): string {
  return value.includes("@") ? redactEmail(value) : value.slice(0, 64);
}

const LIMITS: Readonly<Record<Depth, { operations: number; neighbours: number; listIds: number }>> = {
  quick: { operations: 5, neighbours: 1, listIds: 1 },
  standard: { operations: 15, neighbours: 2, listIds: 2 },
  deep: { operations: 40, neighbours: 4, listIds: 4 },
};

function targets(ctx: Pick<PlanContext, "operations" | "settings" | "identities">) {
  if (ctx.identities.length === 0) return [];
  return objectOperations(ctx.operations).slice(0, LIMITS[ctx.settings.depth].operations);
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.adjacent-object-access",
    title: "Other owners' objects reachable by id",
    category: "bolaAuthorization",
    severity: "high",
    how: "probe",
    description:
      "Called as one identity, an object-by-id operation returns objects for neighbouring ids (the sample id ± 1, ids seen in list answers) whose owner fields (owner_id, user_id, account_id, customer_id, email …) differ from the caller's own: the API checks that the caller is logged in, not that the object is theirs. Status codes alone never decide: the answer must be an object of the documented kind with a foreign owner.",
    references: bolaRefs([639, 285, 863]),
    remediation: {
      summary: "Authorize every object access against the caller: scope queries by owner/tenant, not only by id.",
      steps: [
        "Load objects through a query that includes the caller (`WHERE id = $1 AND owner_id = $2`) and answer 404 otherwise.",
        "Centralise the ownership check (policy layer, row-level security) instead of repeating it per handler.",
        "Prefer random, non-sequential ids (UUIDv4) as defence in depth — never as the only control.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => {
    const l = LIMITS[ctx.settings.depth];
    return targets(ctx).length * (l.neighbours + l.listIds);
  },
  async run(ctx) {
    const ops = targets(ctx);
    if (ctx.identities.length === 0) return ctx.notApplicable("needs credentials (--auth) to know whose objects are whose");
    if (ops.length === 0) return ctx.notApplicable("no object-by-id GET operation");
    const me = ctx.identities[0]!;
    const mine = callerValues(ctx, me);
    const limits = LIMITS[ctx.settings.depth];
    claimBaselines(ctx, ops.map((t) => t.op), me.label); // asked first in each item, as when all were asked at once
    await eachPerSlot(ctx.concurrency, ops, async ({ op, param }) => {
      const ownEx = await authorisedBaseline(ctx, op);
      const own = objectBody(ownEx?.response);
      const ownOwners = ownerFields(own);
      const collection = collectionOf(op, ctx.operations);
      const listed = collection ? harvestIds(exchangeAs(ctx, collection, me.label)?.response, param) : [];
      const candidates = [
        ...neighbours(param.sample, limits.neighbours),
        ...listed.filter((id) => id !== param.sample).slice(0, limits.listIds),
      ].filter((id, i, all) => all.indexOf(id) === i && id !== param.sample);
      const hits: { ex: Exchange; differing: string[] }[] = [];
      for (const id of candidates) {
        const ex = await ctx.http.send({ url: ctx.urlFor(op, { [param.name]: id }), identity: me.label, operation: op });
        const obj = objectBody(ex.response);
        if (!obj || !sameKind(obj, op, own)) continue;
        const differing: string[] = [];
        for (const [field, value] of ownerFields(obj)) {
          const ownValue = ownOwners.get(field);
          const foreign = ownValue !== undefined ? ownValue !== value : mine.size > 0 && !mine.has(value.toLowerCase());
          if (foreign) differing.push(`${field}=${shown(value)}${ownValue !== undefined ? ` (own object: ${shown(ownValue)})` : ""}`);
        }
        if (differing.length > 0) hits.push({ ex, differing });
      }
      if (hits.length === 0) return;
      const sensitive = hits.map((h) => (h.ex.response ? sensitiveContent(h.ex.response) : null)).find(Boolean) ?? null;
      ctx.report({
        confidence: "firm",
        operation: op,
        sensitiveData: Boolean(sensitive),
        evidence: hits.slice(0, 4).map((h) => ({
          exchange: h.ex,
          excerpt: `${h.ex.response?.status ?? ""}: object with ${h.differing.join(", ")}`.slice(0, 300),
          note: `requested as ${me.label === "default" ? "the supplied identity" : `@${me.label}`}${sensitive ? `; contains ${sensitive.description}` : ""}`,
        })),
      });
    });
  },
});
