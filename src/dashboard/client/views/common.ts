// Pieces several views share: grade badge, severity counts, status pill.
import { h } from "../dom.js";
import { SEVERITIES } from "../format.js";
import type { Counts } from "../types.js";

export function gradeBadge(grade: string | null, score: number | null): HTMLElement {
  const g = grade ?? "–";
  return h(
    "span",
    { class: `grade grade-${g.toLowerCase()}`, title: score === null ? "not graded" : `score ${score}/100` },
    h("span", { "aria-hidden": "true" }, g),
    h("span", { class: "visually-hidden" }, grade ? `grade ${grade}, score ${score ?? "unknown"} of 100` : "not graded"),
  );
}

export function severityCounts(counts: Partial<Counts> | null | undefined): HTMLElement {
  const list = h("ul", { class: "sev-counts", "aria-label": "open findings by severity" });
  for (const s of SEVERITIES) {
    const n = counts?.[s] ?? 0;
    list.appendChild(h("li", { class: `sev sev-${s}${n === 0 ? " zero" : ""}` }, h("span", { class: "n" }, String(n)), ` ${s}`));
  }
  return list;
}

export function statusPill(status: string): HTMLElement {
  return h("span", { class: `pill st-${status}` }, status);
}

export function severityPill(severity: string): HTMLElement {
  return h("span", { class: `pill sev-${severity}` }, severity);
}

/** A table with a caption (visible or not) and header cells with scope. */
export function table(caption: string, headers: string[], rows: HTMLTableRowElement[], hideCaption = false): HTMLTableElement {
  return h(
    "table",
    {},
    h("caption", { class: hideCaption ? "visually-hidden" : null }, caption),
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, rows),
  );
}
