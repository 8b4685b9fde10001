import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Identity, Operation } from "../../core/types.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { baselineAs, crawlCovers } from "../_shared/baseline.js";
import { sensitiveContent } from "../../patterns/sensitive.js";
import {
  collectionOf,
  harvestIds,
  isNaturalKeyParam,
  itemId,
  listItems,
  objectBody,
  objectOperations,
  ownKeyValues,
  type ObjectOperation,
} from "./_objects.js";
import { SELF_PATH } from "./_owner-fields.js";
import { bolaRefs } from "./_refs.js";

const LIMITS: Readonly<Record<Depth, { operations: number; ids: number; others: number }>> = {
  quick: { operations: 5, ids: 1, others: 1 },
  standard: { operations: 15, ids: 2, others: 2 },
  deep: { operations: 40, ids: 4, others: 3 },
};

interface Target extends ObjectOperation {
  /** The list operation ids are harvested from; null for a natural-key route without one (keys come from
   *  each identity's own token claims and "me" answers). */
  collection: Operation | null;
}

/** Object routes by id with a list to harvest from, and routes by natural key (`{username}`, `{slug}` …). */
function targets(ctx: Pick<PlanContext, "operations" | "settings" | "identities">): Target[] {
  if (ctx.identities.length < 2) return [];
  const out: Target[] = [];
  for (const t of objectOperations(ctx.operations, { naturalKeys: true })) {
    const collection = collectionOf(t.op, ctx.operations);
    if (collection || isNaturalKeyParam(t.param)) out.push({ ...t, collection });
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

/** Scalar fields of an object. */
function scalars(obj: JsonObject): [string, Json][] {
  return Object.entries(obj).filter(([, v]) => v === null || typeof v !== "object");
}

/**
 * B's own key values (its claims, its "me" answer) requested as A: a hit is an answer that shows B's
 * object exactly as B itself sees it (every scalar field, at least two), not a reduced public view.
 */
async function probeOwnKeys(ctx: CheckContext, t: Target, a: Identity, b: Identity, exclude: ReadonlySet<string>): Promise<void> {
  const limits = LIMITS[ctx.settings.depth];
  // Each identity's "who am I" answers (the crawl has only the first identity's).
  const selfOps = ctx.operations.filter((op) => op.method === "GET" && SELF_PATH.test(op.path) && !op.path.includes("{")).slice(0, 2);
  for (const op of selfOps) for (const who of [a, b]) await baselineAs(ctx, op, who.label);
  const mine = new Set(ownKeyValues(ctx, a, t.param));
  const keys = ownKeyValues(ctx, b, t.param).filter((k) => !mine.has(k) && !exclude.has(k)).slice(0, limits.ids);
  for (const key of keys) {
    const url = ctx.urlFor(t.op, { [t.param.name]: key });
    const asB = await ctx.http.send({ url, identity: b.label, operation: t.op });
    const own = objectBody(asB.response);
    const fields = own ? scalars(own) : [];
    if (!own || fields.length < 2 || !fields.some(([, v]) => String(v) === key)) continue; // not B's object by this key
    const asA = await ctx.http.send({ url, identity: a.label, operation: t.op });
    const seen = objectBody(asA.response);
    if (!seen || !fields.every(([k, v]) => seen[k] === v)) continue;
    const sensitive = asA.response && parseJsonBody(asA.response) ? sensitiveContent(asA.response) : null;
    ctx.report({
      confidence: sensitive ? "confirmed" : "firm",
      operation: t.op,
      key: `${a.label}<-${b.label}`,
      sensitiveData: Boolean(sensitive),
      evidence: [
        {
          exchange: asA,
          excerpt: `${asA.response?.status ?? ""} as @${a.label}: ${t.param.name}=${key}, @${b.label}'s own ${t.param.name}, answered with @${b.label}'s object as @${b.label} sees it (${fields.length} fields)`,
          note: sensitive ? `contains ${sensitive.description}` : `the key is @${b.label}'s own (token claims or its "me" answer)`,
        },
        { exchange: asB, note: `@${b.label}'s own view of the same object` },
      ],
    });
    return;
  }
}

async function probe(ctx: CheckContext, t: Target, a: Identity, b: Identity): Promise<void> {
  const limits = LIMITS[ctx.settings.depth];
  if (!t.collection) return probeOwnKeys(ctx, t, a, b, new Set());
  const listA = await baselineAs(ctx, t.collection, a.label);
  const listB = await baselineAs(ctx, t.collection, b.label);
  const itemsB = listItems(listB?.response);
  // "Seen only by B" needs A's own list to compare with.
  if (itemsB.length === 0 || !listA?.response || listA.response.status < 200 || listA.response.status >= 300) {
    if (isNaturalKeyParam(t.param)) await probeOwnKeys(ctx, t, a, b, new Set());
    return;
  }
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
  // A directory both can list (all usernames for everyone) proves nothing by itself: try B's own keys.
  if (hits.length === 0 && isNaturalKeyParam(t.param)) return probeOwnKeys(ctx, t, a, b, new Set(onlyB));
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
      "With two identities (`--auth @a=… --auth @b=…`), ids harvested from B's list answers that A's list does not contain are requested as A, read-only. A 2xx returning B's object (its id and fields as B's list shows them) is confirmed broken object-level authorization: any user can read other users' records by id. Routes addressed by natural keys (`{username}`, `{slug}`, `{title}`, `{email}`) and UUIDs are tested the same way, and with B's own key values (its token claims, its `/me` answer): A receiving B's object exactly as B sees it is reported.",
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
    const collections = new Set(ts.flatMap((t) => (t.collection ? [t.collection.key] : []))).size;
    const natural = ts.filter((t) => isNaturalKeyParam(t.param)).length;
    const bs = others(ctx.identities, ctx.settings.depth);
    const listA = crawlCovers(ctx.identities, ctx.identities[0]?.label ?? null) ? 0 : collections;
    // Natural-key routes may also ask "who am I" as each identity and try each of B's own keys as B and as A.
    const selfOps = natural > 0 ? Math.min(2, ctx.operations.filter((op) => op.method === "GET" && SELF_PATH.test(op.path) && !op.path.includes("{")).length) : 0;
    return listA + selfOps * (1 + bs.length) + bs.length * (collections + ts.length * l.ids + natural * l.ids * 2);
  },
  async run(ctx) {
    if (ctx.identities.length < 2) return ctx.notApplicable("needs two identities (--auth @a=… --auth @b=…)");
    const ts = targets(ctx);
    if (ts.length === 0) return ctx.notApplicable("no object GET operation by id (with a list to harvest ids from) or by natural key ({username}, {slug}, {email} …)");
    const a = ctx.identities[0]!;
    await Promise.all(others(ctx.identities, ctx.settings.depth).flatMap((b) => ts.map((t) => probe(ctx, t, a, b))));
  },
});
