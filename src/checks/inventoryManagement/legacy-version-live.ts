import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { PRERELEASE_SEGMENTS, VERSION_SEGMENT } from "../../patterns/wordlists.js";
import { byDepth, probeIdentity } from "../inputValidation/_shared.js";
import { crawlExchange } from "../inputValidation/_malformed.js";
import { baseline, isLive, matchesBaseline } from "./_probe.js";
import { inventoryRefs } from "./_refs.js";

interface Plan {
  /** Operations whose URL carries the current version, with that version's number. */
  ops: { op: Operation; version: number }[];
  /** Replacement segments to try (`v1`, `v0`, `beta` …), excluding versions the description documents. */
  segments: string[];
}

function plan(ctx: Pick<PlanContext, "api" | "operations" | "settings">): Plan | null {
  const documented = new Set<string>();
  for (const op of ctx.api?.operations ?? ctx.operations) {
    const m = VERSION_SEGMENT.exec(`${ctx.api?.basePath ?? ""}${op.path}`);
    if (m) documented.add(`v${m[2]}`);
  }
  const versioned = ctx.operations
    .filter((op) => op.method === "GET" && VERSION_SEGMENT.test(`${ctx.api?.basePath ?? ""}${op.path}`))
    .sort((a, b) => a.parameters.filter((p) => p.in === "path").length - b.parameters.filter((p) => p.in === "path").length);
  if (versioned.length === 0) return null;
  const ops = versioned.map((op) => ({ op, version: Number(VERSION_SEGMENT.exec(`${ctx.api?.basePath ?? ""}${op.path}`)![2]) }));
  const newest = Math.max(...ops.map((o) => o.version));
  const depth = ctx.settings.depth;
  const older: string[] = [];
  for (let v = newest - 1; v >= 0 && older.length < byDepth(depth, 1, 3, 4); v--) if (!documented.has(`v${v}`)) older.push(`v${v}`);
  const extra = depth === "deep" ? PRERELEASE_SEGMENTS.filter((s) => !documented.has(s)) : [];
  return { ops: ops.filter((o) => o.version === newest).slice(0, byDepth(depth, 1, 2, 3)), segments: [...older, ...extra] };
}

async function tryVersion(ctx: CheckContext, op: Operation, segment: string, identity: string | null): Promise<void> {
  const current = ctx.urlFor(op);
  const url = new URL(current);
  url.pathname = url.pathname.replace(VERSION_SEGMENT, `/${segment}`);
  const ex = await ctx.http.send({ method: "GET", url: url.toString(), identity, operation: null, followRedirects: false });
  if (!isLive(ex) || matchesBaseline(ex, await baseline(ctx))) return;
  const now = crawlExchange(ctx, op);
  if (now?.response && now.response.contentType.split(";")[0] !== ex.response!.contentType.split(";")[0]) return;
  ctx.report({
    confidence: "firm",
    title: `Older API version /${segment} still answers`,
    operation: { method: "GET", path: url.pathname, url: ex.request.url },
    key: segment,
    evidence: [{ exchange: ex, excerpt: `${ex.response!.status} ${ex.response!.contentType}: ${ex.response!.body.slice(0, 100).replace(/\s+/g, " ")}`, note: `documented: ${op.method} ${op.path}` }],
  });
}

export default defineCheck({
  meta: {
    id: "inventoryManagement.legacy-version-live",
    title: "Older API version still live",
    category: "inventoryManagement",
    severity: "medium",
    how: "probe",
    description:
      "An older version of the API (`/v1` beside the documented `/v2`, `/v0`, `/beta`) still answers, outside the documentation. Old versions keep old bugs and old authorisation rules, and attackers call them to get around fixes made in the current one.",
    references: inventoryRefs([1059, 912]),
    remediation: {
      summary: "Decommission old API versions, or document, test and protect them exactly like the current one.",
      steps: ["Keep an inventory of every deployed version and its owner.", "Route retired versions to 410 Gone at the gateway; remove their code paths."],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => {
    const p = plan(ctx);
    return p ? 2 + p.ops.length * p.segments.length : 0;
  },
  async run(ctx) {
    const p = plan(ctx);
    if (!p || p.segments.length === 0) return ctx.notApplicable("no versioned paths in the API description");
    const identity = probeIdentity(ctx);
    const tries = p.segments.flatMap((segment) => p.ops.map(({ op }) => ({ op, segment })));
    await eachPerSlot(ctx.concurrency, tries, ({ op, segment }) => tryVersion(ctx, op, segment, identity));
  },
});
