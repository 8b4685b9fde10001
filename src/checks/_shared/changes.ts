// The one place the active checks hand over what they changed: an object they created and the request
// that undoes it. Undo requests run after the check's probes, newest first, as the creator.
import type { CheckContext, HttpRequestInput } from "../../core/check.js";
import { BudgetExhaustedError, PolicyError } from "../../core/errors.js";

export interface Undo {
  /** What was changed, for the report (`/notes object 104 created as @alice`). */
  what: string;
  /** The request that undoes it; null when the API offers none (the change stays, and is reported). */
  request: HttpRequestInput | null;
}

const SLOT = "changes:undo";

function pending(ctx: CheckContext): Undo[] {
  let list = ctx.shared.get(`${SLOT}:${ctx.checkId}`) as Undo[] | undefined;
  if (!list) {
    list = [];
    ctx.shared.set(`${SLOT}:${ctx.checkId}`, list);
  }
  return list;
}

export function registerUndo(ctx: CheckContext, undo: Undo): void {
  pending(ctx).push(undo);
}

/** Runs the check's undo requests, newest first; a 2xx, 404 or 410 counts as undone. Returns what stayed. */
export async function undoChanges(ctx: CheckContext): Promise<string[]> {
  const list = pending(ctx).splice(0).reverse();
  const stayed: string[] = [];
  for (const u of list) {
    if (!u.request) {
      stayed.push(u.what);
      continue;
    }
    try {
      const ex = await ctx.http.send(u.request);
      const s = ex.response?.status ?? 0;
      if (!((s >= 200 && s < 300) || s === 404 || s === 410)) stayed.push(u.what);
    } catch (e) {
      if (!(e instanceof PolicyError || e instanceof BudgetExhaustedError)) throw e;
      stayed.push(u.what);
    }
  }
  if (stayed.length > 0) ctx.warn(`could not undo: ${stayed.join("; ")}`);
  return stayed;
}

/** Runs `probe` and then the undo requests it registered, even when it throws. */
export async function withUndo(ctx: CheckContext, probe: () => Promise<void>): Promise<void> {
  try {
    await probe();
  } finally {
    await undoChanges(ctx);
  }
}
