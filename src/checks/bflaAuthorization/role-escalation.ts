import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Identity, Operation, RecordedResponse } from "../../core/types.js";
import { baselineAs } from "../_shared/baseline.js";
import { tamper, tamperEvidence } from "../_shared/tamper.js";
import { createBody, createObject, holds, marker, readBack, resources, textFields, type Resource } from "../_shared/writes.js";
import { SELF_PATH } from "../bolaAuthorization/_owner-fields.js";
import { adminReason, isPrivileged, lowerIdentities, tokens, ADMIN_WORDS } from "./_roles.js";
import { bflaRefs } from "./_refs.js";

const LIMITS: Readonly<Record<Depth, { resources: number; identities: number; updates: number }>> = {
  quick: { resources: 2, identities: 1, updates: 1 },
  standard: { resources: 6, identities: 2, updates: 1 },
  deep: { resources: 15, identities: 4, updates: 2 },
};

/** Why a write looks reserved to a higher role: admin words in its path/tags/operationId, or admin scopes. */
function reservedReason(op: Operation): string | null {
  const byName = adminReason(op);
  if (byName) return byName;
  const scope = (op.security ?? []).flatMap((req) => Object.values(req).flat()).find((s) => tokens(s).some((t) => ADMIN_WORDS.includes(t)));
  return scope ? `scope '${scope}'` : null;
}

/** Resources whose create (or update/delete) is reserved to a higher role. */
function targets(ctx: Pick<PlanContext, "operations" | "settings">): { r: Resource; reason: string }[] {
  const out: { r: Resource; reason: string }[] = [];
  for (const r of resources(ctx.operations)) {
    const reason = [r.create, ...r.updates, ...(r.remove ? [r.remove] : [])].map(reservedReason).find(Boolean);
    if (reason) out.push({ r, reason });
  }
  return out.slice(0, LIMITS[ctx.settings.depth].resources);
}

function selfAnswers(ctx: CheckContext, label: string): RecordedResponse[] {
  return ctx.operations
    .filter((op) => op.method === "GET" && !op.path.includes("{") && SELF_PATH.test(op.path))
    .flatMap((op) => ctx.exchangesFor(op.key).filter((ex) => ex.request.identity === label && ex.response).map((ex) => ex.response!));
}

/** The lower identity creates through a reserved create; the privileged identity (else the lower one) reads it back. */
async function escalatedCreate(ctx: CheckContext, r: Resource, reason: string, low: Identity, high: Identity | undefined): Promise<void> {
  const field = textFields(r.create)[0];
  if (!field) return;
  const mark = marker();
  const created = await createObject(ctx, r, low.label, createBody(r.create, mark));
  if (!created) return;
  // The privileged identity deletes what the lower one managed to create (the lower one may not be allowed to).
  if (high && r.remove) {
    const url = ctx.urlFor(r.remove, { [r.param.name]: created.id });
    ctx.changes.undo(created.exchange, { method: "DELETE", url, identity: high.label, operation: r.remove }, `delete ${r.create.path} object ${created.id} (created as @${low.label}) as @${high.label}`);
  }
  let proof = high ? await readBack(ctx, r, created.id, high.label) : null;
  if (proof?.state !== "present") proof = await readBack(ctx, r, created.id, low.label);
  const confirmed = proof.state === "present" && holds(proof.object, field, mark);
  if (!confirmed && !holds(created.object, field, mark)) return;
  ctx.report({
    confidence: confirmed ? "confirmed" : "firm",
    operation: r.create,
    key: low.label,
    title: "Administrative create callable by a lower role",
    evidence: [
      { exchange: created.exchange, excerpt: `${created.exchange.response?.status}: @${low.label} created object ${created.id} (${field}=${mark})`, note: `reserved: ${reason}; @${low.label} is an ordinary identity` },
      ...(confirmed && proof.exchange ? [{ exchange: proof.exchange, note: `read back${high && proof.exchange.request.identity === high.label ? ` as @${high.label}` : ""}: the object exists` }] : []),
    ],
    reproduce: created.exchange,
  });
}

export default defineCheck({
  meta: {
    id: "bflaAuthorization.role-escalation",
    title: "Administrative write callable by a lower role",
    category: "bflaAuthorization",
    severity: "critical",
    how: "active",
    description:
      "With `--mode active` and an ordinary identity (by what the API says about it: role, scope or admin claims in its token, the role in its `/me` answer; by its label only when the API is silent), write operations that look administrative (admin, internal, manage, staff … in path, tag or operationId, or an admin scope in the spec) are called as that identity: a create, then PUT/PATCH/DELETE on an object the privileged identity created. The verdict is the outcome — the object exists when read back, or the privileged identity's read-back shows the change — never the status alone. Only objects the scan itself creates are changed or deleted; they are removed at the end.",
    references: bflaRefs([285, 862, 269]),
    remediation: {
      summary: "Check the caller's role on every administrative write, deny by default, and test each admin route with an ordinary user.",
      steps: [
        "Guard admin routers and controllers with a role or permission check (a `require_role('admin')` dependency, `@PreAuthorize`, policy middleware) applied to every method, not only GET.",
        "Keep the authorization decision on the server: never rely on the client hiding admin functions.",
        "Add a test per admin write route that an ordinary user gets 403 and nothing changes.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => {
    const l = LIMITS[ctx.settings.depth];
    const lows = lowerIdentities(ctx.identities).slice(0, l.identities).length;
    return 2 * ctx.identities.length + targets(ctx).reduce((n, { r }) => n + lows * (4 + 3 + 2 * Math.min(l.updates, r.updates.length) + (r.remove ? 2 : 0)), 0);
  },
  async run(ctx) {
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no administrative-looking write operation with a read-back (GET /admin/things/{id})");
    ctx.shared.set("applicable:bflaAuthorization", true);
    // What the API says about each identity ("me" answers) decides who is ordinary, before its label does.
    const selfOps = ctx.operations.filter((op) => op.method === "GET" && !op.path.includes("{") && SELF_PATH.test(op.path)).slice(0, 2);
    for (const op of selfOps) for (const i of ctx.identities) await baselineAs(ctx, op, i.label);
    const answers = (label: string) => selfAnswers(ctx, label);
    const l = LIMITS[ctx.settings.depth];
    const lows = lowerIdentities(ctx.identities, answers).slice(0, l.identities);
    if (lows.length === 0) return ctx.notApplicable("needs an ordinary identity (e.g. --auth @user=…): none is known to be one");
    const high = ctx.identities.find((i) => !lows.includes(i) && isPrivileged(i, answers(i.label)));
    // Objects created here are deleted at the end of the scan (ctx.changes, through createObject).
    for (const low of lows) {
      for (const { r, reason } of ts) {
        await escalatedCreate(ctx, r, reason, low, high);
        if (!high) continue; // changing objects needs someone allowed to create them
        for (const t of await tamper(ctx, r, high.label, low.label, { updates: l.updates, remove: true })) {
          ctx.report({
            confidence: "confirmed",
            operation: t.op,
            key: low.label,
            title: t.kind === "deleted" ? "Administrative delete callable by a lower role" : "Administrative update callable by a lower role",
            evidence: tamperEvidence(t, high.label),
            reproduce: t.attempt,
          });
        }
      }
    }
  },
});
