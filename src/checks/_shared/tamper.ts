// "Owner creates, intruder changes or deletes, owner reads back": the probe behind the write-side
// authorization checks. The verdict is the owner's read-back, never the intruder's status: a 200 that
// changed nothing is silent, a 403 that changed the object anyway is reported.
import type { CheckContext } from "../../core/check.js";
import type { Exchange, Operation } from "../../core/types.js";
import { changeBody, createBody, createObject, holds, jsonRequest, marker, readBack, textFields, trySend, type Resource } from "./writes.js";

export interface Tampering {
  op: Operation;
  kind: "changed" | "deleted";
  /** The intruder's request. */
  attempt: Exchange;
  /** The owner's read-back that shows the effect. */
  proof: Exchange;
  /** The owner's read-back before the attempt. */
  before: Exchange;
  create: Exchange;
  detail: string;
}

const who = (identity: string | null) => (identity ? `@${identity}` : "no credentials");

/**
 * Owner creates one object; the intruder (null = no credentials) sends each update (the first `updates`
 * of them) and then the delete. Returns what the owner's read-backs show the intruder achieved.
 */
export async function tamper(ctx: CheckContext, r: Resource, owner: string, intruder: string | null, opts: { updates: number; remove: boolean }): Promise<Tampering[]> {
  const created = await createObject(ctx, r, owner, createBody(r.create, marker()));
  if (!created) return [];
  const before = await readBack(ctx, r, created.id, owner);
  if (before.state !== "present") return []; // the owner cannot read it back: nothing to judge by
  const out: Tampering[] = [];
  for (const op of r.updates.slice(0, opts.updates)) {
    const field = textFields(op).find((f) => f in created.body) ?? textFields(r.create).find((f) => holds(before.object, f, created.body[f] ?? null));
    if (!field) continue;
    const value = marker();
    const attempt = await trySend(ctx, { method: op.method, url: ctx.urlFor(op, { [r.param.name]: created.id }), identity: intruder, operation: op, ...jsonRequest(changeBody(op, created, field, value)) });
    if (!attempt) continue;
    const after = await readBack(ctx, r, created.id, owner);
    if (after.state === "present" && holds(after.object, field, value) && !holds(before.object, field, value)) {
      out.push({
        op,
        kind: "changed",
        attempt,
        proof: after.exchange,
        before: before.exchange,
        create: created.exchange,
        detail: `${op.method} as ${who(intruder)} set ${field} of @${owner}'s object ${created.id}; @${owner} now reads ${field}=${value}`,
      });
    }
  }
  if (opts.remove && r.remove) {
    const attempt = await trySend(ctx, { method: "DELETE", url: ctx.urlFor(r.remove, { [r.param.name]: created.id }), identity: intruder, operation: r.remove });
    if (attempt) {
      const after = await readBack(ctx, r, created.id, owner);
      if (after.state === "gone") {
        out.push({
          op: r.remove,
          kind: "deleted",
          attempt,
          proof: after.exchange,
          before: before.exchange,
          create: created.exchange,
          detail: `DELETE as ${who(intruder)} removed @${owner}'s object ${created.id}; @${owner} now gets ${after.exchange.response?.status}`,
        });
      }
    }
  }
  return out;
}

/** The evidence list of one tampering, in the order a reader follows it. */
export function tamperEvidence(t: Tampering, owner: string) {
  return [
    { exchange: t.attempt, excerpt: `${t.attempt.response?.status ?? "no answer"}: ${t.detail}`, note: "judged by the owner's read-back, not by this status" },
    { exchange: t.proof, note: `@${owner}'s read-back after the attempt` },
    { exchange: t.before, note: `@${owner}'s read-back before the attempt` },
    { exchange: t.create, note: `created by the scan as @${owner} (deleted at the end)` },
  ];
}
