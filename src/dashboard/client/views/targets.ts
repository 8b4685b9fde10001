// Targets overview: each API with its grade, score trend, open findings, last scan and certificate expiry.
import { api, listOf, PAGE_MAX, totalOf } from "../api.js";
import { h, replace } from "../dom.js";
import { daysUntil, when } from "../format.js";
import type { App } from "../main.js";
import { sparkline } from "../sparkline.js";
import type { TargetOverview } from "../types.js";
import { gradeBadge, severityCounts, statusPill, table } from "./common.js";

function certCell(t: TargetOverview): HTMLElement | string {
  const c = t.certificate;
  if (!c?.notAfter) return "—";
  const days = c.daysLeft ?? daysUntil(c.notAfter);
  const cls = days < 0 ? "bad" : days < 30 ? "warn" : "ok";
  const text = days < 0 ? `expired ${-days} d ago` : `${days} d left`;
  return h("span", { class: `cert ${cls}` }, h("time", { datetime: c.notAfter }, new Date(c.notAfter).toLocaleDateString()), ` (${text})`);
}

export async function targetsView(app: App): Promise<void> {
  const data = await api.get<unknown>(`/api/targets?limit=${PAGE_MAX}`);
  const targets = listOf<TargetOverview>(data, "targets");
  const total = totalOf(data) ?? targets.length;
  const heading = h("h1", { tabindex: "-1" }, "Targets");
  if (targets.length === 0) {
    replace(
      app.main,
      heading,
      h("p", {}, "No scans yet. ", app.me.role === "viewer" ? "Ask an operator to start one." : h("a", { href: "#/new" }, "Start the first scan.")),
    );
    return;
  }
  const rows = targets.map((t) => {
    const latest = t.latest;
    // Oldest first, whatever order the API lists them in.
    const scores = [...t.history]
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt))
      .map((x) => x.score)
      .filter((s): s is number => typeof s === "number");
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, h("a", { href: `#/scans?target=${encodeURIComponent(t.target)}` }, t.target)),
      h("td", {}, gradeBadge(latest?.grade ?? null, latest?.score ?? null)),
      h("td", {}, sparkline(scores)),
      h("td", {}, severityCounts(latest?.findings)),
      h("td", {}, latest ? h("a", { href: `#/scans/${encodeURIComponent(latest.id)}` }, when(latest.finishedAt ?? latest.startedAt)) : "—", " ", latest ? statusPill(latest.status) : null),
      h("td", {}, certCell(t)),
    );
  });
  const caption =
    total > targets.length ? `The ${targets.length} most recently scanned of ${total} APIs` : `${targets.length} scanned API${targets.length === 1 ? "" : "s"}`;
  replace(
    app.main,
    heading,
    h("div", { class: "table-wrap" }, table(caption, ["Target", "Grade", "Trend", "Open findings", "Last scan", "Certificate"], rows)),
  );
}
