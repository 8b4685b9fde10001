import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth } from "../../core/types.js";
import { tamper, tamperEvidence } from "../_shared/tamper.js";
import { resources } from "../_shared/writes.js";
import { bolaRefs } from "./_refs.js";

const LIMITS: Readonly<Record<Depth, { resources: number; updates: number; others: number }>> = {
  quick: { resources: 2, updates: 1, others: 1 },
  standard: { resources: 6, updates: 1, others: 1 },
  deep: { resources: 15, updates: 2, others: 2 },
};

/** Resources an intruder can try to change: a read-back plus an update or a delete. */
function targets(ctx: Pick<PlanContext, "operations" | "settings">) {
  return resources(ctx.operations)
    .filter((r) => r.updates.length > 0 || r.remove)
    .slice(0, LIMITS[ctx.settings.depth].resources);
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.cross-identity-write",
    title: "Object of another identity changeable or deletable",
    category: "bolaAuthorization",
    severity: "critical",
    how: "active",
    description:
      "With two identities and `--mode active`, identity A creates an object through the API's own create operation, identity B sends PUT/PATCH (a marker in one text field) and DELETE to it, and A reads it back after each attempt. When A's read-back shows B's value, or the object is gone, object-level authorization is missing on writes: any user can change or destroy other users' records. B's status code is never the verdict (a 403 that changed the object anyway is reported; a 200 that changed nothing is not). Objects the scan created are deleted at the end.",
    references: bolaRefs([639, 285, 863]),
    remediation: {
      summary: "Authorize every write against the caller: load the object scoped by owner or tenant before updating or deleting it.",
      steps: [
        "Update and delete through a query that includes the caller (`UPDATE … WHERE id = $1 AND owner_id = $2`) and answer 404 when no row matched.",
        "Use one policy layer (or row-level security) for reads and writes alike, so a route cannot forget the write side.",
        "Add a two-user test per write route: user B's PUT, PATCH and DELETE on user A's object must leave it unchanged.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => {
    if (ctx.identities.length < 2) return 0;
    const l = LIMITS[ctx.settings.depth];
    const others = Math.min(l.others, ctx.identities.length - 1);
    // Per resource and intruder: create, read-back, two requests per update and for the delete, the clean-up.
    return targets(ctx).reduce((n, r) => n + others * (3 + 2 * Math.min(l.updates, r.updates.length) + (r.remove ? 2 : 0)), 0);
  },
  async run(ctx) {
    if (ctx.identities.length < 2) return ctx.notApplicable("needs two identities (--auth @a=… --auth @b=…)");
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no create operation (POST /things) with a read-back (GET /things/{id}) and an update or delete");
    const l = LIMITS[ctx.settings.depth];
    const owner = ctx.identities[0]!.label;
    // Objects created here are deleted at the end of the scan (ctx.changes, through createObject).
    for (const b of ctx.identities.slice(1, 1 + l.others)) {
      for (const r of ts) {
        for (const t of await tamper(ctx, r, owner, b.label, { updates: l.updates, remove: true })) {
          ctx.report({
            confidence: "confirmed",
            operation: t.op,
            key: `${owner}<-${b.label}`,
            title: t.kind === "deleted" ? "Object of another identity deletable" : "Object of another identity changeable",
            evidence: tamperEvidence(t, owner),
            reproduce: t.attempt,
          });
        }
      }
    }
  },
});
