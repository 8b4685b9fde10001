import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange, Operation, Parameter } from "../../core/types.js";
import { redactEmail } from "../../patterns/redact.js";
import { baselineAs, claimBaselines } from "../_shared/baseline.js";
import { sameData } from "../_shared/compare.js";
import { collectionOf, exchangeAs, harvestIds, itemId, neighbours, objectBody, objectOperations, ownerFields } from "./_objects.js";
import { bolaRefs } from "./_refs.js";
import { sameKind } from "./_shape.js";

/**
 * Wrapped or encoded ids a lenient router, parser or ORM may resolve to the OTHER id, as they go on the
 * wire (`{own}` = the sample id, `{other}` = a neighbouring/listed id, both percent-encoded). Ordered by
 * how often they work: quick sends the first 2, standard 4, deep all.
 */
const VARIANTS: readonly { wire: string; why: string }[] = [
  { wire: "{own};{other}", why: "matrix/semicolon parameter: routers that take the last value" },
  { wire: "[{other}]", why: "array-wrapped id: parsers that unwrap `[n]`" },
  { wire: "..%2F{other}", why: "encoded `../`: path decoded after routing" },
  { wire: "{other}%00", why: "NUL-terminated id: truncated by the lookup, not by the policy" },
  { wire: "{own},{other}", why: "comma list: `IN (…)` lookups" },
  { wire: "%7B%22%24gt%22%3A0%7D", why: "operator object `{\"$gt\":0}`: document stores that accept query operators" },
];

const LIMITS: Readonly<Record<Depth, { operations: number; variants: number }>> = {
  quick: { operations: 10, variants: 2 },
  standard: { operations: 10, variants: 4 },
  deep: { operations: 10, variants: VARIANTS.length },
};

/** Stands in for the id in a URL built by ctx.urlFor, then replaced by the raw wire form. */
const SLOT = "rampartidslot";

function targets(ctx: Pick<PlanContext, "operations" | "settings">) {
  return objectOperations(ctx.operations).slice(0, LIMITS[ctx.settings.depth].operations);
}

function shown(value: string): string {
  return value.includes("@") ? redactEmail(value) : value.slice(0, 64);
}

/** Another id to aim at: the sample's integer neighbour, else an id the caller's list answer shows. */
function otherId(ctx: CheckContext, op: Operation, param: Parameter, identity: string | null): string | null {
  const next = neighbours(param.sample, 1)[0];
  if (next !== undefined) return next;
  const collection = collectionOf(op, ctx.operations);
  const listed = collection ? harvestIds(exchangeAs(ctx, collection, identity)?.response, param) : [];
  return listed.find((id) => id !== param.sample) ?? null;
}

/** Identity fields (id and owner-like fields) of an object, normalised name → value. */
function identityFields(obj: ReturnType<typeof objectBody>, param: Parameter): Map<string, string> {
  const out = ownerFields(obj);
  const id = obj ? itemId(obj, param) : null;
  if (id !== null) out.set("id", id);
  return out;
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.id-traversal",
    title: "Wrapped or encoded ids reach another object",
    category: "bolaAuthorization",
    severity: "high",
    how: "probe",
    description:
      "An object-by-id operation is called with the sample id wrapped or encoded (`1;2`, `[2]`, `..%2F2`, `2%00`, `1,2`, `{\"$gt\":0}`) and answers with an object of the documented kind whose id or owner fields differ from the sample object's: the authorization check and the lookup parse the id differently, so the variant reaches an object plain ids do not. Status codes alone never decide; an answer that is the sample object again, or the same object the plain neighbouring id already serves, is not reported here.",
    references: bolaRefs([639, 22, 20]),
    remediation: {
      summary: "Validate the id strictly (type and format) once, and authorize and load the object with that same parsed value.",
      steps: [
        "Declare the path parameter's type (integer, UUID) and reject anything else with 400 before any handler runs.",
        "Parse the id once and pass the parsed value to both the ownership check and the query; never re-parse the raw string.",
        "Do not pass request values to the data store as query objects (operators such as `$gt`); cast them to the expected scalar.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => targets(ctx).length * (1 + LIMITS[ctx.settings.depth].variants),
  async run(ctx) {
    const ops = targets(ctx);
    if (ops.length === 0) return ctx.notApplicable("no object-by-id GET operation");
    const identity = ctx.identities[0]?.label ?? null;
    const who = identity === null ? "without credentials" : identity === "default" ? "as the supplied identity" : `as @${identity}`;
    const variants = VARIANTS.slice(0, LIMITS[ctx.settings.depth].variants);
    claimBaselines(ctx, ops.map((t) => t.op), identity); // asked first in each item, as when all were asked at once
    await eachPerSlot(ctx.concurrency, ops, async ({ op, param }) => {
      const own = objectBody((await baselineAs(ctx, op, identity))?.response);
      const other = otherId(ctx, op, param, identity);
      if (!own || other === null) return; // nothing to compare against, or no other id to aim at
      const ownIds = identityFields(own, param);
      if (ownIds.size === 0) return;
      const plainOther = await ctx.http.send({ url: ctx.urlFor(op, { [param.name]: other }), identity, operation: op });
      const slotted = ctx.urlFor(op, { [param.name]: SLOT });
      const hits: { ex: Exchange; differing: string[] }[] = [];
      for (const v of variants) {
        const wire = v.wire.replaceAll("{own}", encodeURIComponent(param.sample)).replaceAll("{other}", encodeURIComponent(other));
        const ex = await ctx.http.send({ url: slotted.replace(SLOT, wire), identity, operation: op });
        const obj = objectBody(ex.response);
        if (!obj || !ex.response || !sameKind(obj, op, own)) continue;
        // Reachable by the plain id already: adjacent-object-access's finding, not a traversal.
        if (plainOther.response && sameData(ex.response, plainOther.response)) continue;
        const differing: string[] = [];
        for (const [field, value] of identityFields(obj, param)) {
          const ownValue = ownIds.get(field);
          if (ownValue !== undefined && ownValue !== value) differing.push(`${field}=${shown(value)} (sample object: ${shown(ownValue)})`);
        }
        if (differing.length > 0) hits.push({ ex, differing: [v.why, ...differing] });
      }
      if (hits.length === 0) return;
      const plainStatus = plainOther.response?.status ?? "no answer";
      const plainRefused = !objectBody(plainOther.response);
      ctx.report({
        confidence: plainRefused ? "confirmed" : "firm",
        operation: op,
        evidence: [
          ...hits.slice(0, 4).map((h) => ({
            exchange: h.ex,
            excerpt: `${h.ex.response?.status ?? ""}: object with ${h.differing.slice(1).join(", ")}`.slice(0, 300),
            note: `${h.differing[0]!}; requested ${who}`,
          })),
          { exchange: plainOther, excerpt: `plain ${param.name}=${other}: ${plainStatus}`, note: plainRefused ? "the plain id is refused: the variant bypasses the check" : "the plain id answers too" },
        ],
      });
    });
  },
});
