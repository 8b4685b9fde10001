import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Identity, Operation } from "../../core/types.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { baselineAs, crawlCovers } from "../_shared/baseline.js";
import { sensitiveContent } from "../../patterns/sensitive.js";
import { collectionOf, harvestIds, itemId, listItems, objectBody, objectOperations, type ObjectOperation } from "./_objects.js";
import { bolaRefs } from "./_refs.js";

const LIMITS: Readonly<Record<Depth, { operations: number; ids: number; others: number }>> = {
  quick: { operations: 5, ids: 1, others: 1 },
  standard: { operations: 15, ids: 2, others: 2 },
  deep: { operations: 40, ids: 4, others: 3 },
};

interface Target extends ObjectOperation {
  collection: Operation;
}

function targets(ctx: Pick<PlanContext, "operations" | "settings" | "identities">): Target[] {
  if (ctx.identities.length < 2) return [];
  const out: Target[] = [];
  for (const t of objectOperations(ctx.operations)) {
    const collection = collectionOf(t.op, ctx.operations);
    if (collection) out.push({ ...t, collection });
  }
  return out.slice(0, LIMITS[ctx.settings.depth].operations);
}

function others(identities: readonly Identity[], depth: Depth): Identity[] {
  return identities.slice(1, 1 + LIMITS[depth].others);
}

type JsonObject = { [key: string]: Json };

/** How many scalar fields of B's list item the object A received repeats (id included). */
function sharedFields(received: JsonObject, item: JsonObject): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(item)) {
    if (v === null || typeof v === "object") continue;
    if (received[k] === v) out.push(k);
  }
  return out;
}

async function probe(ctx: CheckContext, t: Target, a: Identity, b: Identity): Promise<void> {
  const limits = LIMITS[ctx.settings.depth];
  const listA = await baselineAs(ctx, t.collection, a.label);
  const listB = await baselineAs(ctx, t.collection, b.label);
  const itemsB = listItems(listB?.response);
  // "Seen only by B" needs A's own list to compare with.
  if (itemsB.length === 0 || !listA?.response || listA.response.status < 200 || listA.response.status >= 300) return;
  const idsA = new Set(harvestIds(listA?.response, t.param));
  const onlyB = harvestIds(listB?.response, t.param).filter((id) => !idsA.has(id)).slice(0, limits.ids);
  const hits: { ex: Exchange; id: string; shared: string[] }[] = [];
  for (const id of onlyB) {
    const ex = await ctx.http.send({ url: ctx.urlFor(t.op, { [t.param.name]: id }), identity: a.label, operation: t.op });
    const received = objectBody(ex.response);
    const item = itemsB.find((x) => itemId(x, t.param) === id);
    if (!received || !item) continue;
    const shared = sharedFields(received, item);
    // B's object: its id and at least one more field as B's list shows them (or the whole item).
    const idField = Object.keys(item).find((k) => String(item[k]) === id);
    if (!idField || !shared.includes(idField) || (shared.length < 2 && Object.keys(item).length > 1)) continue;
    hits.push({ ex, id, shared });
  }
  if (hits.length === 0) return;
  const first = hits[0]!.ex;
  const sensitive = first.response && parseJsonBody(first.response) ? sensitiveContent(first.response) : null;
  ctx.report({
    confidence: "confirmed",
    operation: t.op,
    key: `${a.label}<-${b.label}`,
    sensitiveData: Boolean(sensitive),
    evidence: [
      ...hits.map((h) => ({
        exchange: h.ex,
        excerpt: `${h.ex.response?.status ?? ""} as @${a.label}: ${t.param.name}=${h.id}, an object listed only for @${b.label} (same ${h.shared.slice(0, 5).join(", ")})`,
        note: sensitive ? `contains ${sensitive.description}` : `@${a.label}'s own list does not contain it`,
      })),
      ...(listB ? [{ exchange: listB, note: `@${b.label}'s list, where the id was harvested` }] : []),
    ],
  });
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.cross-identity-access",
    title: "Object of another identity readable",
    category: "bolaAuthorization",
    severity: "critical",
    how: "probe",
    description:
      "With two identities (`--auth @a=… --auth @b=…`), ids harvested from B's list answers that A's list does not contain are requested as A, read-only. A 2xx returning B's object (its id and fields as B's list shows them) is confirmed broken object-level authorization: any user can read other users' records by id.",
    references: bolaRefs([639, 285, 863]),
    remediation: {
      summary: "Authorize every object access against the caller: scope queries by owner/tenant, not only by id.",
      steps: [
        "Load objects through a query that includes the caller (`WHERE id = $1 AND owner_id = $2`) and answer 404 otherwise.",
        "Enforce ownership in one policy layer (or database row-level security) used by every handler.",
        "Add a two-user test per object route: user A must not read, list or change user B's objects.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => {
    const l = LIMITS[ctx.settings.depth];
    const ts = targets(ctx);
    const collections = new Set(ts.map((t) => t.collection.key)).size;
    const bs = others(ctx.identities, ctx.settings.depth);
    const listA = crawlCovers(ctx.identities, ctx.identities[0]?.label ?? null) ? 0 : collections;
    return listA + bs.length * (collections + ts.length * l.ids);
  },
  async run(ctx) {
    if (ctx.identities.length < 2) return ctx.notApplicable("needs two identities (--auth @a=… --auth @b=…)");
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no object-by-id GET operation with a list operation to harvest ids from");
    const a = ctx.identities[0]!;
    await Promise.all(others(ctx.identities, ctx.settings.depth).flatMap((b) => ts.map((t) => probe(ctx, t, a, b))));
  },
});
