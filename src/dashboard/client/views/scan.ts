// Scan detail: summary, live progress while it runs (Server-Sent Events), category scores, the findings
// with filters by severity, category and triage status, and report downloads.
import { api, ApiFailure } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { duration, plural, SEVERITIES, when } from "../format.js";
import type { App } from "../main.js";
import type { Finding, ScanDetail, Suppressed } from "../types.js";
import { gradeBadge, severityCounts, statusPill, table } from "./common.js";
import { findingCard, triagedCard, type TriageState } from "./finding.js";

const REPORT_FORMATS = ["html", "pdf", "json", "sarif", "junit", "markdown"] as const;
const LIVE = new Set(["queued", "running"]);

interface Row {
  finding: Finding;
  state: TriageState;
  /** Triaged before this view: the server kept only its id, check and reason, not the whole finding. */
  partial?: Suppressed;
}

/** Open findings plus the triaged ones (the server lists those as suppressed, with the finding when it can). */
function rowsOf(scan: ScanDetail): Row[] {
  const open = scan.findings ?? scan.report?.findings ?? [];
  const suppressed: Suppressed[] = scan.suppressed ?? scan.report?.suppressed ?? [];
  const rows: Row[] = open.map((f) => ({ finding: f, state: f.triage ? { ...f.triage } : { status: "open" } }));
  for (const s of suppressed) {
    if (rows.some((r) => r.finding.id === s.findingId)) continue;
    const fp = s.status === "false-positive" || /^false positive\b/i.test(s.reason);
    const state: TriageState = { status: fp ? "false-positive" : "accepted", reason: s.reason.replace(/^false positive: /i, ""), expires: s.expires ?? null };
    if (s.finding) rows.push({ finding: s.finding, state });
    else rows.push({ finding: stubFinding(s), state, partial: s });
  }
  return rows;
}

function stubFinding(s: Suppressed): Finding {
  return {
    id: s.findingId,
    checkId: s.checkId ?? "unknown",
    category: "",
    severity: "info",
    confidence: "",
    title: s.checkId ?? s.findingId,
    description: "",
    operation: null,
    evidence: [],
    reproduce: null,
    remediation: { summary: "", framework: null, steps: [], code: null },
    references: {},
  };
}

function progressPanel(scan: ScanDetail, app: App, reload: () => void): HTMLElement {
  const bar = h("progress", { max: 100, value: 0, "aria-label": "scan progress" });
  const text = h("p", { class: "progress-text", "aria-live": "polite" }, `Scan ${scan.status}…`);
  const counts = h("p", { class: "meta" });
  const panel = h("section", { class: "card live", "aria-labelledby": "live-h" }, h("h2", { id: "live-h" }, "Progress"), bar, text, counts);
  // The job queue has no worker: the scan will not start until one runs.
  if (scan.waiting) panel.insertBefore(h("p", { class: "warn", role: "status" }, `${scan.waiting.charAt(0).toUpperCase()}${scan.waiting.slice(1)}.`), counts);
  let findings = scan.progress?.findings ?? 0;
  let checks = scan.progress?.checksFinished ?? 0;
  const show = (sent: number, budget: number | null) => {
    if (budget) bar.value = Math.min(100, Math.round((sent / budget) * 100));
    counts.textContent = `${plural(sent, "request")} sent${budget ? ` of ${budget}` : ""} · ${plural(checks, "check")} finished · ${plural(findings, "finding")} so far`;
  };
  show(scan.progress?.requestsSent ?? 0, scan.progress?.budget ?? null);
  if (app.me.role !== "viewer") {
    const cancel = h("button", { type: "button", class: "danger" }, "Cancel scan");
    cancel.addEventListener("click", async () => {
      cancel.disabled = true;
      try {
        await api.post(`/api/scans/${encodeURIComponent(scan.id)}/cancel`);
        app.say("Cancellation requested.");
      } catch (e) {
        app.say(e instanceof ApiFailure ? e.message : "could not cancel", "error");
        cancel.disabled = false;
      }
    });
    panel.appendChild(cancel);
  }
  const source = new EventSource(`/api/scans/${encodeURIComponent(scan.id)}/events`);
  let sent = scan.progress?.requestsSent ?? 0;
  let budget = scan.progress?.budget ?? null;
  const on = (type: string, fn: (data: Record<string, unknown>) => void) =>
    source.addEventListener(type, (e) => {
      try {
        fn(JSON.parse((e as MessageEvent<string>).data) as Record<string, unknown>);
      } catch {
        // a malformed event is ignored; the final reload shows the truth
      }
    });
  const handle = (d: Record<string, unknown>) => {
    switch (d["type"]) {
      case "status":
        text.textContent = `Scan ${String(d["status"])}…`;
        break;
      case "phase":
        text.textContent = `Phase: ${String(d["phase"])}`;
        break;
      case "progress":
        sent = Number(d["requestsSent"] ?? sent);
        budget = d["budget"] === null || d["budget"] === undefined ? budget : Number(d["budget"]);
        break;
      case "check":
        if (d["state"] === "finished") checks++;
        break;
      case "finding":
        findings++;
        break;
      case "done":
        source.close();
        bar.value = 100;
        text.textContent = `Scan ${String(d["status"])}${d["grade"] ? `: grade ${String(d["grade"])}, score ${String(d["score"])}` : ""}.`;
        app.say(text.textContent);
        setTimeout(reload, 300);
        return;
    }
    show(sent, budget);
  };
  // The server may send named events or plain messages; both carry {type, …}.
  for (const t of ["status", "phase", "progress", "check", "finding", "done"]) on(t, handle);
  source.onmessage = (e) => {
    try {
      handle(JSON.parse(e.data as string) as Record<string, unknown>);
    } catch {
      // ignored
    }
  };
  source.onerror = () => {
    if (source.readyState === EventSource.CLOSED) setTimeout(reload, 1000);
  };
  app.onLeave(() => source.close());
  return panel;
}

function findingsSection(rows: Row[], app: App, params: URLSearchParams, reload: () => void, scanId: string): HTMLElement {
  const categories = [...new Set(rows.filter((r) => !r.partial).map((r) => r.finding.category))].sort();
  const sev = select("severity", [["", "all"], ...SEVERITIES.map((s): [string, string] => [s, s])], params.get("severity") ?? "");
  const cat = select("category", [["", "all"], ...categories.map((c): [string, string] => [c, c])], params.get("category") ?? "");
  const st = select("triage", [["", "all"], ["open", "open"], ["accepted", "accepted"], ["false-positive", "false positive"]], params.get("triage") ?? "open");
  const count = h("p", { class: "meta", "aria-live": "polite", id: "finding-count" });
  const list = h("div", { class: "findings", id: "findings" });
  const apply = () => {
    const shown = rows.filter(
      (r) =>
        (!sev.value || (!r.partial && r.finding.severity === sev.value)) &&
        (!cat.value || (!r.partial && r.finding.category === cat.value)) &&
        (!st.value || r.state.status === st.value),
    );
    replace(
      list,
      shown.length
        ? shown.map((r) => (r.partial ? triagedCard(r.partial, r.state, app, reload) : findingCard(r.finding, r.state, app, reload)))
        : h("p", {}, "No findings match these filters."),
    );
    count.textContent = `Showing ${shown.length} of ${plural(rows.length, "finding")}.`;
    const q = new URLSearchParams();
    if (sev.value) q.set("severity", sev.value);
    if (cat.value) q.set("category", cat.value);
    if (st.value !== "open") q.set("triage", st.value || "all");
    const hash = `#/scans/${encodeURIComponent(scanId)}${q.size ? `?${q}` : ""}`;
    if (location.hash !== hash) history.replaceState(null, "", hash);
  };
  if (params.get("triage") === "all") st.value = "";
  for (const s of [sev, cat, st]) s.addEventListener("change", apply);
  apply();
  return h(
    "section",
    { "aria-labelledby": "findings-h" },
    h("h2", { id: "findings-h", tabindex: "-1" }, "Findings"),
    h("div", { class: "filters", role: "group", "aria-label": "Filter findings" }, field("Severity", sev), field("Category", cat), field("Status", st)),
    count,
    list,
  );
}

export async function scanView(app: App, params: URLSearchParams, id: string | null): Promise<void> {
  const scan = await api.get<ScanDetail>(`/api/scans/${encodeURIComponent(id ?? "")}`);
  const reload = () => {
    // The re-rendered view replaces the control that had focus: put keyboard users back at the findings.
    void scanView(app, new URLSearchParams(location.hash.split("?")[1] ?? ""), scan.id).then(
      () => (document.getElementById("findings-h") ?? app.main.querySelector("h1"))?.focus(),
      (e: unknown) => app.say(e instanceof Error ? e.message : "reload failed", "error"),
    );
  };
  const counts = scan.counts ?? (Array.isArray(scan.findings) ? undefined : (scan.findings as unknown as ScanDetail["counts"]));
  const cert = scan.report?.extras?.tls?.certificate;
  const summary = h(
    "section",
    { class: "card summary", "aria-label": "Summary" },
    gradeBadge(scan.grade, scan.score),
    h(
      "dl",
      {},
      h("dt", {}, "Status"),
      h("dd", {}, statusPill(scan.status), scan.error ? ` ${scan.error}` : ""),
      h("dt", {}, "Started"),
      h("dd", {}, when(scan.startedAt)),
      h("dt", {}, "Duration"),
      h("dd", {}, duration(scan.durationMs)),
      h("dt", {}, "Requests"),
      h("dd", {}, scan.requestsSent === null ? "—" : String(scan.requestsSent)),
      h("dt", {}, "Score"),
      h("dd", {}, scan.score === null ? "—" : `${scan.score}/100`),
      cert ? [h("dt", {}, "Certificate expires"), h("dd", {}, when(cert.notAfter))] : null,
    ),
    counts ? severityCounts(counts) : null,
  );
  const parts: (HTMLElement | null)[] = [
    h("h1", { tabindex: "-1" }, "Scan of ", h("span", { class: "wrap" }, scan.target)),
    summary,
  ];
  if (LIVE.has(scan.status)) {
    parts.push(progressPanel(scan, app, reload));
  } else {
    if (scan.status === "completed") {
      parts.push(
        h(
          "nav",
          { class: "reports", "aria-label": "Download the report" },
          "Report: ",
          REPORT_FORMATS.map((f) => h("a", { href: `/api/scans/${encodeURIComponent(scan.id)}/report?format=${f}`, download: "" }, f.toUpperCase())),
          " · ",
          h("a", { href: `#/diff?to=${encodeURIComponent(scan.id)}` }, "Compare with another scan"),
        ),
      );
    }
    const cats = (scan.categories ?? []).filter((c) => c.applicable !== false);
    if (cats.length) {
      parts.push(
        h(
          "section",
          { "aria-labelledby": "cat-h" },
          h("h2", { id: "cat-h" }, "Categories"),
          h(
            "div",
            { class: "table-wrap" },
            table(
              "Category scores",
              ["Category", "Grade", "Score", "Findings"],
              cats.map((c) => h("tr", {}, h("th", { scope: "row" }, c.name), h("td", {}, gradeBadge(c.grade, c.score)), h("td", {}, String(c.score)), h("td", {}, String(c.findings)))),
              true,
            ),
          ),
        ),
      );
    }
    if (scan.status === "completed") parts.push(findingsSection(rowsOf(scan), app, params, reload, scan.id));
    const errors = scan.errors ?? [];
    if (errors.length) {
      parts.push(
        h(
          "section",
          { "aria-labelledby": "err-h" },
          h("h2", { id: "err-h" }, "Scan notes"),
          h("ul", { class: "notes" }, errors.slice(0, 50).map((e) => h("li", {}, `${e.phase}${e.checkId ? ` (${e.checkId})` : ""}: ${e.message}`))),
        ),
      );
    }
  }
  replace(app.main, ...parts);
}
