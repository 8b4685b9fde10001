// Scan history, filtered by target and status; each row links to the scan.
import { api, listOf, query } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { duration, when } from "../format.js";
import type { App } from "../main.js";
import type { ScanSummary } from "../types.js";
import { gradeBadge, severityCounts, statusPill, table } from "./common.js";

const STATUSES: [string, string][] = [["", "any"], ["queued", "queued"], ["running", "running"], ["completed", "completed"], ["failed", "failed"], ["cancelled", "cancelled"]];

export async function scansView(app: App, params: URLSearchParams): Promise<void> {
  const target = params.get("target") ?? "";
  const status = params.get("status") ?? "";
  const data = await api.get<unknown>(`/api/scans${query({ target, status, limit: 100 })}`);
  const scans = listOf<ScanSummary>(data, "scans");

  const targetInput = h("input", { type: "url", name: "target", value: target, placeholder: "https://api.example.com" });
  const statusSelect = select("status", STATUSES, status);
  const filters = h(
    "form",
    { class: "filters", "aria-label": "Filter scans" },
    field("Target", targetInput),
    field("Status", statusSelect),
    h("button", { type: "submit" }, "Apply"),
  );
  filters.addEventListener("submit", (e) => {
    e.preventDefault();
    app.go(`#/scans${query({ target: targetInput.value.trim(), status: statusSelect.value })}`);
  });

  const rows = scans.map((s) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, h("a", { href: `#/scans/${encodeURIComponent(s.id)}` }, when(s.startedAt))),
      h("td", { class: "wrap" }, s.target),
      h("td", {}, statusPill(s.status), s.waiting ? h("span", { class: "meta warn", title: s.waiting }, " · no worker") : ""),
      h("td", {}, gradeBadge(s.grade, s.score)),
      h("td", {}, severityCounts(s.findings)),
      h("td", {}, duration(s.durationMs)),
    ),
  );
  replace(
    app.main,
    h("h1", { tabindex: "-1" }, "Scans"),
    filters,
    scans.length
      ? h("div", { class: "table-wrap" }, table(`${scans.length} scan${scans.length === 1 ? "" : "s"}`, ["Started", "Target", "Status", "Grade", "Findings", "Duration"], rows))
      : h("p", {}, "No scans match."),
  );
}
