import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth } from "../../core/types.js";
import { tamper, tamperEvidence } from "../_shared/tamper.js";
import { createBody, createObject, holds, marker, readBack, textFields, type Resource, resources } from "../_shared/writes.js";
import { requiresAuth } from "./unauthenticated-access.js";

const LIMITS: Readonly<Record<Depth, { resources: number; updates: number }>> = {
  quick: { resources: 2, updates: 1 },
  standard: { resources: 6, updates: 1 },
  deep: { resources: 15, updates: 2 },
};

/** Resources whose create is not declared public (`security: []` means anonymous writes are by design). */
function targets(ctx: Pick<PlanContext, "operations" | "settings">): Resource[] {
  return resources(ctx.operations)
    .filter((r) => r.create.security === null || requiresAuth(r.create))
    .slice(0, LIMITS[ctx.settings.depth].resources);
}

/** A create sent without credentials: reported when the object it made can be read back (confirmed), or
 *  when the answer is the created object itself, with the marker and an id (firm). */
async function anonymousCreate(ctx: CheckContext, r: Resource, owner: string): Promise<void> {
  const mark = marker();
  const field = textFields(r.create)[0];
  if (!field) return;
  const created = await createObject(ctx, r, null, createBody(r.create, mark));
  if (!created) return;
  let proof = await readBack(ctx, r, created.id, null);
  if (proof.state !== "present") proof = await readBack(ctx, r, created.id, owner);
  const confirmed = proof.state === "present" && holds(proof.object, field, mark);
  if (!confirmed && !holds(created.object, field, mark)) return;
  ctx.report({
    confidence: confirmed ? "confirmed" : "firm",
    operation: r.create,
    title: "Objects created without credentials",
    evidence: [
      { exchange: created.exchange, excerpt: `${created.exchange.response?.status}: created object ${created.id} with ${field}=${mark} without credentials`, note: "deleted at the end" },
      ...(confirmed && proof.exchange ? [{ exchange: proof.exchange, note: `read back: ${field}=${mark}` }] : []),
    ],
    reproduce: created.exchange,
  });
}

export default defineCheck({
  meta: {
    id: "authentication.unauthenticated-write",
    title: "Writes accepted without credentials",
    category: "authentication",
    severity: "critical",
    how: "active",
    description:
      "With `--mode active`, the API's write operations are called with no credentials at all: a create (the object is then read back), and PUT/PATCH/DELETE on an object the first identity created (which that identity then reads back). When the read-back shows the anonymous change, anyone who can reach the API can create, alter or destroy data. Creates the spec declares public (`security: []`) are not tested. Objects the scan created are deleted at the end.",
    references: { owaspApi2023: ["API2", "API5"], owaspTop10_2021: ["A01", "A07"], cwe: [306, 862], pciDss4: ["8.2.1", "7.2.1"], soc2: ["CC6.1"], hipaa: ["164.312(d)"] },
    remediation: {
      summary: "Require authentication on every write operation, enforced by default (deny unless a route is explicitly public).",
      steps: [
        "Apply the authentication middleware/dependency to the whole router and opt routes out explicitly, never in.",
        "Authorize writes against the caller too (owner or role), so a missing login can never fall through to a default user.",
        "Add a test per write route: without credentials it answers 401 and changes nothing.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => {
    if (ctx.identities.length === 0) return 0;
    const l = LIMITS[ctx.settings.depth];
    return targets(ctx).reduce((n, r) => n + 4 + 3 + 2 * Math.min(l.updates, r.updates.length) + (r.remove ? 2 : 0), 0);
  },
  async run(ctx) {
    if (ctx.identities.length === 0) return ctx.notApplicable("needs one identity to create and read back objects (--auth)");
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no secured create operation (POST /things) with a read-back (GET /things/{id})");
    const l = LIMITS[ctx.settings.depth];
    const owner = ctx.identities[0]!.label;
    // Objects created here are deleted at the end of the scan (ctx.changes, through createObject).
    for (const r of ts) {
      await anonymousCreate(ctx, r, owner);
      for (const t of await tamper(ctx, r, owner, null, { updates: l.updates, remove: true })) {
        ctx.report({
          confidence: "confirmed",
          operation: t.op,
          title: t.kind === "deleted" ? "Objects deletable without credentials" : "Objects changeable without credentials",
          evidence: tamperEvidence(t, owner),
          reproduce: t.attempt,
        });
      }
    }
  },
});
