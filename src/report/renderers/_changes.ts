// The changes ledger as renderers show it: one counting line, and one line per change that needs a
// person's attention (applied and not undone, or a clean-up that failed).
import type { Change, ScanReport } from "../../core/types.js";

/** Changes a person should look at: left in place, clean-up failed or still pending, outcome unknown. */
export function changesToReview(report: ScanReport): Change[] {
  return (report.changes ?? []).filter((c) => c.undo.state === "left" || c.undo.state === "failed" || c.undo.state === "pending");
}

/** `12 state-changing requests: 3 objects created, 3 deleted, 9 rejected, 0 left` (null when none). */
export function changesLine(report: ScanReport): string | null {
  const changes = report.changes;
  if (!changes?.length) return null;
  const created = changes.filter((c) => c.created && c.outcome === "applied").length;
  const count = (state: Change["undo"]["state"]) => changes.filter((c) => c.undo.state === state).length;
  const parts = [`${created} object(s) created`, `${count("done")} undone`, `${count("not-needed")} rejected by the target`];
  const review = changesToReview(report).length;
  parts.push(review ? `${review} to review by hand` : "nothing left behind");
  return `Changes: ${changes.length} state-changing request(s): ${parts.join(", ")}`;
}

/** `POST http://…/users → 201, created /users/7; undo DELETE … → 204 (done)` */
export function changeText(c: Change): string {
  const created = c.created ? `, created ${c.created.location ?? `id ${c.created.id ?? "?"}`}` : "";
  const undo = c.undo.request ? `; undo ${c.undo.request} → ${c.undo.status ?? "no answer"}` : "";
  const note = c.undo.note ? ` (${c.undo.note})` : "";
  return `${c.method} ${c.url} → ${c.status ?? "no answer"} ${c.outcome}${created}${undo}: ${c.undo.state}${note} [${c.checkId}]`;
}
