import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Identity, RecordedResponse } from "../../core/types.js";
import { parseJsonBody } from "../../patterns/text.js";
import { anonymousBaseline, baselineAs, crawlCovers } from "../_shared/baseline.js";
import { sameData } from "../_shared/compare.js";
import { sensitiveContent, servesData } from "../../patterns/sensitive.js";
import { adminReason, isPrivilegedLabel, lowerIdentities, TRIVIAL_KEYS } from "./_roles.js";
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

function lower(ctx: Pick<PlanContext, "identities" | "settings">): Identity[] {
  return lowerIdentities(ctx.identities).slice(0, LIMITS[ctx.settings.depth].identities);
}

/** Data worth protecting: not empty, not a login page, not a bare health/status answer. */
function carriesData(res: RecordedResponse): boolean {
  if (!servesData(res)) return false;
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
      "An operation that looks administrative by its path, tag or operationId (admin, internal, manage, staff, superuser …) answers a read-only GET with data when called without credentials, or as an identity whose label does not name a privileged role (`--auth @user=…`). Function-level authorization is missing: ordinary callers reach functions meant for operators.",
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
    const lowerIds = lower(ctx);
    const privileged = ctx.identities.find((i) => isPrivilegedLabel(i.label));
    await Promise.all(
      ts.map(async ({ op, reason }) => {
        const evidence: { exchange: Exchange; excerpt: string; note: string }[] = [];
        let confirmed = false;
        const anon = await anonymousBaseline(ctx, op);
        if (anon?.response && carriesData(anon.response)) {
          confirmed = true;
          const s = sensitiveContent(anon.response);
          evidence.push({ exchange: anon, excerpt: `${anon.response.status} ${anon.response.contentType}, ${anon.response.size} bytes without credentials${s ? `; contains ${s.description}` : ""}`, note: `admin-looking: ${reason}` });
        }
        const reference = privileged ? (await baselineAs(ctx, op, privileged.label))?.response : null;
        for (const id of lowerIds) {
          const ex = await baselineAs(ctx, op, id.label);
          if (!ex?.response || !carriesData(ex.response)) continue;
          const same = reference ? sameData(ex.response, reference) : false;
          confirmed ||= same;
          evidence.push({
            exchange: ex,
            excerpt: `${ex.response.status} ${ex.response.contentType}, ${ex.response.size} bytes as @${id.label}`,
            note: same ? `the same data @${privileged!.label} gets` : `admin-looking: ${reason}; @${id.label} does not name a privileged role`,
          });
        }
        if (evidence.length === 0) return;
        const sensitive = evidence.map((e) => (e.exchange.response ? sensitiveContent(e.exchange.response) : null)).find(Boolean);
        ctx.report({ confidence: confirmed ? "confirmed" : "firm", operation: op, sensitiveData: Boolean(sensitive), evidence });
      }),
    );
  },
});
