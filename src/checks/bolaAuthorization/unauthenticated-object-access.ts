import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange } from "../../core/types.js";
import { TIERS } from "../../patterns/wordlists.js";
import { anonymousBaseline, claimBaselines, crawlCovers } from "../_shared/baseline.js";
import { sensitiveContent } from "../../patterns/sensitive.js";
import { isData } from "../_shared/data.js";
import { requiresAuth } from "../authentication/unauthenticated-access.js";
import { collectionOf, exchangeAs, harvestIds, objectBody, objectOperations, ownerFields } from "./_objects.js";
import { bolaRefs } from "./_refs.js";

const MAX_OPERATIONS: Readonly<Record<Depth, number>> = { quick: 10, standard: 50, deep: 200 };

function targets(ctx: Pick<PlanContext, "operations" | "settings">) {
  return objectOperations(ctx.operations).slice(0, MAX_OPERATIONS[ctx.settings.depth]);
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.unauthenticated-object-access",
    title: "Objects served by id without credentials",
    category: "bolaAuthorization",
    severity: "high",
    how: "probe",
    description:
      "An object-by-id operation answers a request without any credentials with the object: the operation is secured in the spec, or the object carries owner fields or sensitive data. Combined with guessable ids, anyone can walk through every record.",
    references: bolaRefs([639, 306, 862]),
    remediation: {
      summary: "Require authentication on object routes and authorize the object against the caller.",
      steps: [
        "Apply the authentication dependency/middleware to every object route (deny by default).",
        "After authentication, check that the object belongs to the caller or the caller's tenant; answer 404 otherwise.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => targets(ctx).length * ((crawlCovers(ctx.identities, null) ? 0 : 1) + (TIERS[ctx.settings.depth] >= 1 ? 1 : 0)),
  async run(ctx) {
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no object-by-id GET operation");
    claimBaselines(ctx, ts.map((t) => t.op), null); // asked first in each item, as when all were asked at once
    await eachPerSlot(ctx.concurrency, ts, async ({ op, param }) => {
      let ex: Exchange | null = await anonymousBaseline(ctx, op);
      // The sample id may not exist: try an id the caller's list shows (standard depth and up).
      if (ex?.response?.status === 404 && TIERS[ctx.settings.depth] >= 1) {
        const collection = collectionOf(op, ctx.operations);
        const id = collection ? harvestIds(exchangeAs(ctx, collection, ctx.identities[0]?.label ?? null)?.response, param).find((x) => x !== param.sample) : undefined;
        if (id !== undefined) ex = await ctx.http.send({ url: ctx.urlFor(op, { [param.name]: id }), identity: null, operation: op });
      }
      const res = ex?.response;
      const authorised = exchangeAs(ctx, op, ctx.identities[0]?.label ?? null)?.response;
      if (!ex || !res || !isData(res, op, ctx.identities.length > 0 ? authorised : null)) return;
      const secured = requiresAuth(op);
      const owners = ownerFields(objectBody(res));
      const sensitive = sensitiveContent(res);
      if (!secured && owners.size === 0 && !sensitive) return; // a public catalogue object
      ctx.report({
        confidence: secured || sensitive ? "confirmed" : "firm",
        severity: "high",
        operation: op,
        sensitiveData: Boolean(sensitive),
        evidence: [
          {
            exchange: ex,
            excerpt: `${res.status} ${res.contentType}, ${res.size} bytes without credentials${owners.size ? `; owner fields ${[...owners.keys()].join(", ")}` : ""}${sensitive ? `; contains ${sensitive.description}` : ""}`,
            note: secured ? "the spec requires authentication for this operation" : "the spec declares no authentication, but the object belongs to someone",
          },
        ],
      });
    });
  },
});
