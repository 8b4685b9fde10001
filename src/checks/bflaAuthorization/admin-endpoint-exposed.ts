import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Identity, Operation, RecordedResponse } from "../../core/types.js";
import { parseJsonBody } from "../../patterns/text.js";
import { anonymousBaseline, baselineAs, claimBaselines, crawlCovers } from "../_shared/baseline.js";
import { sameData } from "../_shared/compare.js";
import { sensitiveContent } from "../../patterns/sensitive.js";
import { isData } from "../_shared/data.js";
import { SELF_PATH } from "../bolaAuthorization/_owner-fields.js";
import { adminReason, isPrivileged, lowerIdentities, privilegeOf, TRIVIAL_KEYS } from "./_roles.js";
import { bflaRefs } from "./_refs.js";

const LIMITS: Readonly<Record<Depth, { operations: number; identities: number }>> = {
  quick: { operations: 10, identities: 1 },
  standard: { operations: 30, identities: 2 },
  deep: { operations: 100, identities: 4 },
};

function targets(ctx: Pick<PlanContext, "operations" | "settings">) {
  const out = [];
  for (const op of ctx.operations) {
    if (op.method !== "GET") continue;
    const reason = adminReason(op);
    if (reason) out.push({ op, reason });
  }
  return out.slice(0, LIMITS[ctx.settings.depth].operations);
}

/** "Me" answers recorded for an identity (the crawl's), for what the API says about its privilege. */
function selfAnswers(ctx: CheckContext, label: string): RecordedResponse[] {
  const out: RecordedResponse[] = [];
  for (const op of ctx.operations) {
    if (op.method !== "GET" || op.path.includes("{") || !SELF_PATH.test(op.path)) continue;
    for (const ex of ctx.exchangesFor(op.key)) if (ex.request.identity === label && ex.response) out.push(ex.response);
  }
  return out;
}

function lower(ctx: Pick<PlanContext, "identities" | "settings">, answers?: (label: string) => RecordedResponse[]): Identity[] {
  return lowerIdentities(ctx.identities, answers).slice(0, LIMITS[ctx.settings.depth].identities);
}

/** Data worth protecting: not empty, not a login page, not a bare health/status answer. */
function carriesData(res: RecordedResponse, op: Operation, reference: RecordedResponse | null | undefined): boolean {
  if (!isData(res, op, reference)) return false;
  const json = parseJsonBody(res)?.value;
  if (json && typeof json === "object" && !Array.isArray(json)) {
    return Object.keys(json).some((k) => !TRIVIAL_KEYS.includes(k.toLowerCase()));
  }
  return true;
}

export default defineCheck({
  meta: {
    id: "bflaAuthorization.admin-endpoint-exposed",
    title: "Administrative operation reachable without the role",
    category: "bflaAuthorization",
    severity: "high",
    how: "probe",
    description:
      "An operation that looks administrative by its path, tag or operationId (admin, internal, manage, staff, superuser …) answers a read-only GET with data when called without credentials, or as an ordinary identity — by what the API says about it (role, scope, group or admin claims in its JWT, the role in its own `/me` answer), by its label (`--auth @user=…`) only when the API says nothing. A 2xx whose body is an error or a login page is not data. Function-level authorization is missing: ordinary callers reach functions meant for operators.",
    references: bflaRefs([285, 862, 269]),
    remediation: {
      summary: "Check the caller's role on every administrative operation, deny by default, and keep internal routes off the public listener.",
      steps: [
        "Guard admin routers with a role/permission check (e.g. a `require_role('admin')` dependency, Spring `@PreAuthorize`, policy middleware).",
        "Serve internal and management endpoints on a separate port or network, never on the public API host.",
        "Add a test per admin route that an ordinary user gets 403.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => {
    const ids = lower(ctx);
    const perOp = (crawlCovers(ctx.identities, null) ? 0 : 1) + ids.filter((i) => !crawlCovers(ctx.identities, i.label)).length;
    return targets(ctx).length * perOp;
  },
  async run(ctx) {
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no administrative-looking GET operation");
    ctx.shared.set("applicable:bflaAuthorization", true);
    // Privilege from what the API says (token claims, "me" answers), the label only when it is silent.
    const answers = (label: string) => selfAnswers(ctx, label);
    const lowerIds = lower(ctx, answers);
    const privileged = ctx.identities.find((i) => !lowerIds.includes(i) && isPrivileged(i, answers(i.label)));
    const roleOf = (i: Identity) => (privilegeOf(i, answers(i.label)) ? "by what the API says about it (token claims or its own profile)" : "by its label");
    claimBaselines(ctx, ts.map((t) => t.op), null); // asked first in each item, as when all were asked at once
    await eachPerSlot(ctx.concurrency, ts, async ({ op, reason }) => {
      const evidence: { exchange: Exchange; excerpt: string; note: string }[] = [];
      let confirmed = false;
      const anon = await anonymousBaseline(ctx, op);
      const reference = privileged ? (await baselineAs(ctx, op, privileged.label))?.response : null;
      if (anon?.response && carriesData(anon.response, op, reference)) {
        confirmed = true;
        const s = sensitiveContent(anon.response);
        evidence.push({ exchange: anon, excerpt: `${anon.response.status} ${anon.response.contentType}, ${anon.response.size} bytes without credentials${s ? `; contains ${s.description}` : ""}`, note: `admin-looking: ${reason}` });
      }
      for (const id of lowerIds) {
        const ex = await baselineAs(ctx, op, id.label);
        if (!ex?.response || !carriesData(ex.response, op, reference)) continue;
        const same = reference ? sameData(ex.response, reference) : false;
        confirmed ||= same;
        evidence.push({
          exchange: ex,
          excerpt: `${ex.response.status} ${ex.response.contentType}, ${ex.response.size} bytes as @${id.label}`,
          note: same ? `the same data @${privileged!.label} gets` : `admin-looking: ${reason}; @${id.label} is an ordinary identity ${roleOf(id)}`,
        });
      }
      if (evidence.length === 0) return;
      const sensitive = evidence.map((e) => (e.exchange.response ? sensitiveContent(e.exchange.response) : null)).find(Boolean);
      ctx.report({ confidence: confirmed ? "confirmed" : "firm", operation: op, sensitiveData: Boolean(sensitive), evidence });
    });
  },
});
