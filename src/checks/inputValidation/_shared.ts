// Shared by the inputValidation probes: which operations to probe (bounded by depth), references,
// and the identity to send as (the default one when the user gave credentials).
import type { CheckContext, PlanContext } from "../../core/check.js";
import type { Depth, Operation, References } from "../../core/types.js";

export function inputRefs(cwe: number[], extra: Partial<References> = {}): References {
  return { owaspApi2023: ["API8"], owaspTop10_2021: ["A05"], cwe, soc2: ["CC7.1"], ...extra };
}

/** Label of the identity probes run as: the first one given, or null (unauthenticated). */
export function probeIdentity(ctx: Pick<CheckContext, "identities">): string | null {
  return ctx.identities[0]?.label ?? null;
}

const isSecured = (op: Operation): boolean => (op.security?.some((req) => Object.keys(req).length > 0) ?? false);

// Ranked once per operation list: a dozen checks ask, each at plan and run time, over every operation.
const ranked = new WeakMap<readonly Operation[], readonly Operation[]>();

/** GET operations, secured ones first, at most `max`. */
export function getOperations(ctx: Pick<PlanContext, "operations">, max: number): Operation[] {
  let list = ranked.get(ctx.operations);
  if (!list) {
    // Each operation's rank computed once, not at every comparison of the sort.
    list = ctx.operations
      .filter((op) => op.method === "GET")
      .map((op) => ({ op, secured: Number(isSecured(op)) }))
      .sort((a, b) => b.secured - a.secured || a.op.path.length - b.op.path.length)
      .map((r) => r.op);
    ranked.set(ctx.operations, list);
  }
  return list.slice(0, max);
}

export function secured(op: Operation | null): boolean {
  return op ? isSecured(op) : false;
}

export function byDepth(depth: Depth, quick: number, standard: number, deep: number): number {
  return depth === "quick" ? quick : depth === "standard" ? standard : deep;
}
