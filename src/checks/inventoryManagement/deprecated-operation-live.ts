import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Exchange, Operation } from "../../core/types.js";
import { probeIdentity } from "../inputValidation/_shared.js";
import { crawlExchange } from "../inputValidation/_malformed.js";
import { isLive } from "./_probe.js";
import { inventoryRefs } from "./_refs.js";

const deprecated = (ctx: Pick<PlanContext, "operations">): Operation[] => ctx.operations.filter((op) => op.deprecated && op.method === "GET");

export default defineCheck({
  meta: {
    id: "inventoryManagement.deprecated-operation-live",
    title: "Deprecated operation still live",
    category: "inventoryManagement",
    severity: "low",
    how: "probe",
    description:
      "Operations the API description marks as deprecated still answer 2xx. Deprecated code paths stop receiving attention (patches, authorisation reviews, monitoring) long before they are switched off, and attackers look for them for exactly that reason.",
    references: inventoryRefs([1059, 477]),
    remediation: {
      summary: "Retire deprecated operations on a published schedule: return 410 Gone (with a Sunset header beforehand), then remove the code.",
      steps: ["Announce with `Deprecation` and `Sunset` headers, monitor remaining callers, then disable the route.", "Keep deprecated routes under the same authorisation tests as current ones until they are gone."],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => deprecated(ctx).length,
  async run(ctx) {
    const ops = deprecated(ctx);
    if (ops.length === 0) return ctx.notApplicable("no deprecated GET operation in the API description");
    const identity = probeIdentity(ctx);
    await eachPerSlot(ctx.concurrency, ops, async (op) => {
      const ex: Exchange = crawlExchange(ctx, op) ?? (await ctx.http.send({ method: "GET", url: ctx.urlFor(op), identity, operation: op }));
      if (!isLive(ex)) return;
      ctx.report({
        confidence: "confirmed",
        operation: op,
        key: "deprecated",
        evidence: [{ exchange: ex, excerpt: `${ex.response!.status} ${ex.response!.contentType}`, note: "marked deprecated in the API description" }],
      });
    });
  },
});
