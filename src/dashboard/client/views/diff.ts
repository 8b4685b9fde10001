// Compare two scans: score and grade change, new and resolved findings, severity changes, categories.
import { api, listOf, query } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { when } from "../format.js";
import type { App } from "../main.js";
import type { ScanSummary } from "../types.js";
import { gradeBadge, severityPill, table } from "./common.js";

interface DiffFinding {
  id: string;
  checkId: string;
  severity: string;
  title: string;
  operation: string | null;
}
interface ScanDiff {
  base: { scanId: string; target: string; startedAt: string; score: number; grade: string };
  head: { scanId: string; target: string; startedAt: string; score: number; grade: string };
  sameTarget: boolean;
  score: { from: number; to: number; delta: number };
  grade: { from: string; to: string; direction: string };
  newFindings: DiffFinding[];
  resolvedFindings: DiffFinding[];
  severityChanges: (DiffFinding & { from: string; to: string; direction: string })[];
  unchanged: number;
  categories: { id: string; name: string; scoreFrom: number | null; scoreTo: number | null; delta: number | null; newFindings: number; resolvedFindings: number }[];
}

function findingList(title: string, items: DiffFinding[], id: string): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": id },
    h("h2", { id }, `${title} (${items.length})`),
    items.length
      ? h("ul", { class: "diff-list" }, items.map((f) => h("li", {}, severityPill(f.severity), " ", f.title, f.operation ? h("span", { class: "where" }, ` — ${f.operation}`) : null)))
      : h("p", {}, "None."),
  );
}

const signed = (n: number | null) => (n === null ? "—" : n > 0 ? `+${n}` : String(n));

export async function diffView(app: App, params: URLSearchParams): Promise<void> {
  const data = await api.get<unknown>(`/api/scans${query({ status: "completed", limit: 200 })}`);
  const scans = listOf<ScanSummary>(data, "scans");
  const options: [string, string][] = scans.map((s) => [s.id, `${when(s.startedAt)} — ${s.target} — ${s.grade ?? "?"} ${s.score ?? ""}`]);
  const to = params.get("to") ?? scans[0]?.id ?? "";
  const toTarget = scans.find((s) => s.id === to)?.target;
  const from = params.get("from") ?? scans.find((s) => s.id !== to && s.target === toTarget)?.id ?? scans.find((s) => s.id !== to)?.id ?? "";
  const fromSel = select("from", options, from);
  const toSel = select("to", options, to);
  const form = h("form", { class: "filters", "aria-label": "Choose two scans" }, field("Older scan (base)", fromSel), field("Newer scan", toSel), h("button", { type: "submit" }, "Compare"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    app.go(`#/diff${query({ from: fromSel.value, to: toSel.value })}`);
  });
  const heading = h("h1", { tabindex: "-1" }, "Compare scans");
  if (scans.length < 2) {
    replace(app.main, heading, h("p", {}, "Two completed scans are needed to compare."));
    return;
  }
  const parts: HTMLElement[] = [heading, form];
  if (params.get("from") && params.get("to")) {
    const d = await api.get<ScanDiff>(`/api/diff${query({ from: fromSel.value, to: toSel.value })}`);
    parts.push(
      h(
        "section",
        { class: "card summary", "aria-label": "Change" },
        gradeBadge(d.base.grade, d.base.score),
        h("span", { class: "arrow", "aria-hidden": "true" }, "→"),
        gradeBadge(d.head.grade, d.head.score),
        h("p", {}, `Score ${d.score.from} → ${d.score.to} (${signed(d.score.delta)}); grade ${d.grade.direction}. ${d.unchanged} finding(s) unchanged.`),
        d.sameTarget ? null : h("p", { class: "warn" }, "These scans are of different targets."),
      ),
      findingList("New findings", d.newFindings, "new-h"),
      findingList("Resolved findings", d.resolvedFindings, "resolved-h"),
    );
    if (d.severityChanges.length) {
      parts.push(
        h(
          "section",
          { "aria-labelledby": "sev-h" },
          h("h2", { id: "sev-h" }, `Severity changes (${d.severityChanges.length})`),
          h("ul", { class: "diff-list" }, d.severityChanges.map((c) => h("li", {}, `${c.title}: ${c.from} → ${c.to}`))),
        ),
      );
    }
    if (d.categories.length) {
      parts.push(
        h(
          "div",
          { class: "table-wrap" },
          table(
            "Categories that changed",
            ["Category", "Score", "Change", "New", "Resolved"],
            d.categories.map((c) =>
              h("tr", {}, h("th", { scope: "row" }, c.name), h("td", {}, `${c.scoreFrom ?? "—"} → ${c.scoreTo ?? "—"}`), h("td", {}, signed(c.delta)), h("td", {}, String(c.newFindings)), h("td", {}, String(c.resolvedFindings))),
            ),
          ),
        ),
      );
    }
  }
  replace(app.main, ...parts);
}
