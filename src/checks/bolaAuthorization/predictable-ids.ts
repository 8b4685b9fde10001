import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { distinctSeen, operationOf, within } from "../dataExposure/_exchange.js";
import { listItems, objectOperations } from "./_objects.js";
import { bolaRefs } from "./_refs.js";

const MAX_EVIDENCE = 5;
/** List operations reported per scan. */
const MAX_LISTS = 5;

/** Sorted distinct integers are "sequential" when they fill at least half of their range. */
function sequential(ids: number[]): boolean {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  if (sorted.length < 3) return false;
  const span = sorted[sorted.length - 1]! - sorted[0]! + 1;
  return span <= sorted.length * 2;
}

export default defineCheck({
  meta: {
    id: "bolaAuthorization.predictable-ids",
    title: "Sequential, guessable object ids",
    category: "bolaAuthorization",
    severity: "low",
    how: "passive",
    description:
      "Objects are addressed by small sequential integers: path parameters documented as integers on object routes, or list answers whose ids fill a dense range. Guessable ids turn any object-level authorization gap into a walk through every record, and reveal business volumes.",
    references: bolaRefs([639, 340]),
    remediation: {
      summary: "Use random, non-sequential public ids (UUIDv4, ULID with random part) and keep authorization checks on every access.",
      steps: ["Expose a random public id and keep the integer primary key internal.", "Never rely on id secrecy: enforce ownership checks on every object route."],
    },
    milestone: 1,
  },
  async run(ctx) {
    const objects = objectOperations(ctx.operations);
    // The engine's default test only knows `*_id`-style names; integer and UUID ids count too.
    if (objects.length > 0) ctx.shared.set("applicable:bolaAuthorization", true);
    const integer = objects.filter(({ param }) => param.schema?.["type"] === "integer");
    if (integer.length === 0) return;
    // One root cause (integer keys in the public API): one finding, the first operations as evidence.
    const evidence = integer.slice(0, MAX_EVIDENCE).map(({ op, param }) => {
      const crawled = ctx.exchangesFor(op.key).find((ex) => ex.source === "crawl");
      const answered = crawled?.response && crawled.response.status >= 200 && crawled.response.status < 300 ? crawled : null;
      return {
        ...(answered ? { exchange: answered } : { request: `${op.method} ${op.path}`, status: null }),
        excerpt: `path parameter '${param.name}' is an integer${answered ? ` and ${param.name}=${param.sample} answers ${answered.response!.status}` : ""}`,
      };
    });
    ctx.report({
      confidence: evidence.some((e) => "exchange" in e) ? "firm" : "tentative",
      operation: integer.length === 1 ? integer[0]!.op : null,
      key: "path",
      title: integer.length === 1 ? undefined : `Integer ids on ${integer.length} object operations`,
      evidence,
      reproduce: null,
    });
  },
  analyze(ex, ctx) {
    if (!ex.operation || ex.operation.method !== "GET") return;
    const items = listItems(ex.response);
    if (items.length < 3) return;
    const ids: number[] = [];
    for (const item of items) {
      const v = item["id"];
      if (typeof v === "number" && Number.isSafeInteger(v)) ids.push(v);
      else if (typeof v === "string" && /^\d{1,12}$/.test(v)) ids.push(Number(v));
    }
    if (ids.length < 3 || ids.length < items.length / 2 || !sequential(ids)) return;
    const op = operationOf(ex) as Operation;
    if (!within(ctx, `${op.method} ${op.path}`, 1) || distinctSeen(ctx) > MAX_LISTS) return;
    const shown = [...new Set(ids)].sort((a, b) => a - b).slice(0, 6);
    ctx.report({
      confidence: "firm",
      operation: op,
      key: "list",
      evidence: [{ exchange: ex, excerpt: `list of ${items.length} objects with sequential ids ${shown.join(", ")}${ids.length > 6 ? ", …" : ""}` }],
    });
  },
});
