import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Operation, Parameter } from "../../core/types.js";
import { PAGE_SIZE_PARAMS } from "../../patterns/wordlists.js";
import { byDepth, probeIdentity } from "../inputValidation/_shared.js";
import { crawlExchange } from "../inputValidation/_malformed.js";
import { itemCount, rateRefs } from "./_shared.js";

export const HUGE_PAGE = 10_000;
/** Without a documented maximum, this many items for one page counts as unbounded. */
const UNDOCUMENTED_CEILING = 500;

function candidates(ctx: Pick<PlanContext, "operations" | "settings">): { op: Operation; param: Parameter }[] {
  const out: { op: Operation; param: Parameter }[] = [];
  for (const op of ctx.operations) {
    if (op.method !== "GET") continue;
    const param = op.parameters.find((p) => p.in === "query" && PAGE_SIZE_PARAMS.test(p.name));
    if (param) out.push({ op, param });
  }
  return out.slice(0, byDepth(ctx.settings.depth, 2, 5, 10));
}

async function probe(ctx: CheckContext, op: Operation, param: Parameter, identity: string | null): Promise<void> {
  const base = crawlExchange(ctx, op) ?? (await ctx.http.send({ method: "GET", url: ctx.urlFor(op), identity, operation: op }));
  const before = itemCount(base);
  if (before === null) return;
  const big = await ctx.http.send({ method: "GET", url: ctx.urlFor(op, { [param.name]: String(HUGE_PAGE) }), identity, operation: op });
  const after = itemCount(big);
  if (after === null) return;
  const declared = typeof param.schema?.maximum === "number" ? param.schema.maximum : null;
  if (after <= Math.max(before, 100) || after <= (declared ?? UNDOCUMENTED_CEILING - 1)) return;
  ctx.report({
    confidence: "confirmed",
    operation: op,
    key: param.name,
    evidence: [
      {
        exchange: big,
        excerpt: `${param.name}=${HUGE_PAGE} returned ${after} items (default page: ${before}${declared !== null ? `, documented maximum: ${declared}` : ""})`,
        note: `${big.response?.size ?? 0} bytes in one response`,
      },
    ],
  });
}

export default defineCheck({
  meta: {
    id: "rateLimiting.unbounded-page-size",
    title: "Page size accepts huge values",
    category: "rateLimiting",
    severity: "medium",
    how: "probe",
    description: `A page-size parameter (limit, size, per_page, page_size …) set to ${HUGE_PAGE} returns far more items than the default page, beyond any documented maximum. One request can then pull a whole table, exhausting the database and the service, and bulk data leaves in a single call.`,
    references: rateRefs([770, 400]),
    remediation: {
      summary: "Clamp page size server-side to a documented maximum (e.g. 100) and document it in the schema (`maximum`).",
      steps: [
        "Validate the parameter (FastAPI `Query(le=100)`, Spring `@Max(100)`, DRF `max_page_size`) and reject or clamp larger values.",
        "Prefer cursor pagination for large collections; stream exports through an asynchronous job.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => candidates(ctx).length * 2,
  async run(ctx) {
    const list = candidates(ctx);
    if (list.length === 0) return ctx.notApplicable("no GET operation with a page-size parameter");
    const identity = probeIdentity(ctx);
    await eachPerSlot(ctx.concurrency, list, ({ op, param }) => probe(ctx, op, param, identity));
  },
});
