// Monitors: targets rescanned on a schedule. The list shows each with its schedule, state, next run and last
// run (grade, status, a link to its scan); operators create, pause, resume and delete them. The detail view
// lists a monitor's recent runs with what each found changed.
import { api, ApiFailure, listOf } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { plural, when } from "../format.js";
import type { App } from "../main.js";
import type { MonitorInfo, MonitorRunInfo, MonitorSchedule } from "../types.js";
import { gradeBadge, statusPill, table } from "./common.js";

const RUNS_SHOWN = 50;

export const scheduleText = (s: MonitorSchedule): string => ("every" in s ? `every ${s.every}` : `cron ${s.cron} (UTC)`);

const failure = (err: unknown, fallback: string): string => (err instanceof ApiFailure ? err.message : fallback);

function stateCell(m: MonitorInfo): HTMLElement {
  return h("span", { class: `pill ${m.paused ? "st-paused" : "st-active"}` }, m.paused ? "paused" : "active");
}

/** The last run: grade, status, when, and the scan it made. */
function runCell(run: MonitorRunInfo | null): (HTMLElement | string)[] | string {
  if (!run) return "no run yet";
  const at = when(run.finishedAt ?? run.startedAt);
  return [
    gradeBadge(run.grade, run.score),
    " ",
    statusPill(run.status),
    " ",
    run.scanId ? h("a", { href: `#/scans/${encodeURIComponent(run.scanId)}` }, at) : at,
    run.reachable === false ? h("span", { class: "error" }, " unreachable") : "",
  ];
}

/** A run's change summary in one line: "first run", "2 new, 1 resolved", "no change". */
export function changeSummary(run: MonitorRunInfo): string {
  if (run.error) return run.error;
  const c = run.changes;
  if (!c) return run.status === "running" ? "running…" : "—";
  if (c.firstRun) return "first run";
  const parts = [
    [c.newFindings?.length ?? 0, "new"],
    [c.resolvedFindings?.length ?? 0, "resolved"],
    [c.severityChanges?.length ?? 0, "severity changed"],
    [c.certificates?.length ?? 0, "certificate alert"],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, word]) => `${n} ${word}`);
  return said.length ? said.join(", ") : "no change";
}

/** Pause/resume and delete buttons for operators; `after` refreshes whatever view holds them. */
function monitorActions(app: App, m: MonitorInfo, after: (deleted: boolean) => Promise<void>): HTMLElement | null {
  if (app.me.role === "viewer") return null;
  const label = m.name ?? m.url;
  const act = async (method: "post" | "del", path: string, done: string) => {
    try {
      await (method === "post" ? api.post(path) : api.del(path));
      app.say(done);
      await after(method === "del");
    } catch (err) {
      app.say(failure(err, "the monitor could not be changed"), "error");
    }
  };
  const base = `/api/monitors/${encodeURIComponent(m.id)}`;
  return h(
    "span",
    { class: "actions" },
    m.paused
      ? h("button", { type: "button", class: "small", "aria-label": `Resume monitor ${label}`, onclick: () => void act("post", `${base}/resume`, `Monitor ${label} resumed.`) }, "Resume")
      : h("button", { type: "button", class: "small", "aria-label": `Pause monitor ${label}`, onclick: () => void act("post", `${base}/pause`, `Monitor ${label} paused.`) }, "Pause"),
    " ",
    h(
      "button",
      {
        type: "button",
        class: "danger small",
        "aria-label": `Delete monitor ${label}`,
        onclick: () => {
          if (confirm(`Delete the monitor of ${label} and its run history? Its scans stay.`)) void act("del", base, `Monitor ${label} deleted.`);
        },
      },
      "Delete",
    ),
  );
}

function createForm(app: App, created: (m: MonitorInfo) => Promise<void>): HTMLElement {
  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://api.example.com" });
  const name = h("input", { type: "text", name: "name", maxlength: 100, placeholder: "payments API" });
  const kind = select("schedule-kind", [["every", "every (interval)"], ["cron", "cron (UTC)"]], "every");
  const value = h("input", { type: "text", name: "schedule", required: true, value: "6h", placeholder: "6h" });
  const hint = "An interval such as 30m, 6h or 1d; or a cron line such as 0 */6 * * * (UTC).";
  kind.addEventListener("change", () => {
    value.value = kind.value === "every" ? "6h" : "0 */6 * * *";
    value.placeholder = value.value;
  });
  const mode = select("mode", [["safe", "safe (read-only, default)"], ["passive", "passive (GET and HEAD only)"], ["active", "active (may change data)"]], "safe");
  const depth = select("depth", ["quick", "standard", "deep"], "standard");
  const error = h("p", { class: "error", role: "alert", id: "monitor-error" });
  const submit = h("button", { type: "submit" }, "Create monitor");
  const form = h(
    "form",
    { class: "card", "aria-labelledby": "monitor-new-h", novalidate: true },
    h("h2", { id: "monitor-new-h" }, "New monitor"),
    field("Target URL", url, "Base URL of the API (http or https)."),
    field("Name (optional)", name),
    field("Schedule kind", kind),
    field("Schedule", value, hint),
    field("Mode", mode),
    field("Depth", depth),
    error,
    submit,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    if (!url.value.trim() || !url.checkValidity()) {
      error.textContent = "Enter the API's base URL, e.g. https://api.example.com";
      url.focus();
      return;
    }
    if (!value.value.trim()) {
      error.textContent = "Enter a schedule.";
      value.focus();
      return;
    }
    const body: Record<string, unknown> = {
      url: url.value.trim(),
      schedule: { [kind.value]: value.value.trim() },
      mode: mode.value,
      depth: depth.value,
    };
    if (name.value.trim()) body["name"] = name.value.trim();
    submit.disabled = true;
    try {
      const made = await api.post<MonitorInfo>("/api/monitors", body);
      app.say(`Monitor of ${made.url} created; next run ${when(made.nextRunAt)}.`);
      form.reset();
      await created(made);
    } catch (err) {
      error.textContent = failure(err, "the monitor could not be created");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function monitorsView(app: App): Promise<void> {
  const listWrap = h("div", { class: "table-wrap" });
  const refresh = async () => {
    const monitors = listOf<MonitorInfo>(await api.get<unknown>("/api/monitors"), "monitors");
    if (monitors.length === 0) {
      replace(listWrap, h("p", {}, "No monitors yet.", app.me.role === "viewer" ? " Ask an operator to add one." : ""));
      return;
    }
    const rows = monitors.map((m) =>
      h(
        "tr",
        {},
        h("th", { scope: "row", class: "wrap" }, h("a", { href: `#/monitors/${encodeURIComponent(m.id)}` }, m.name ?? m.url), m.name ? h("div", { class: "meta" }, m.url) : null),
        h("td", {}, scheduleText(m.schedule)),
        h("td", {}, stateCell(m)),
        h("td", {}, m.paused ? "—" : when(m.nextRunAt)),
        h("td", {}, runCell(m.lastRun)),
        app.me.role === "viewer" ? null : h("td", {}, monitorActions(app, m, refresh)),
      ),
    );
    const headers = ["Monitor", "Schedule", "State", "Next run", "Last run"];
    if (app.me.role !== "viewer") headers.push("Actions");
    replace(listWrap, table(plural(monitors.length, "monitor"), headers, rows));
  };
  await refresh();
  replace(
    app.main,
    h("h1", { tabindex: "-1" }, "Monitors"),
    h("p", { class: "meta" }, "Each monitor rescans its API on a schedule; changes between runs raise events that webhooks deliver."),
    listWrap,
    app.me.role === "viewer" ? null : createForm(app, refresh),
  );
}

export async function monitorView(app: App, _params: URLSearchParams, id: string | null): Promise<void> {
  const path = `/api/monitors/${encodeURIComponent(id ?? "")}`;
  const render = async () => {
    const [m, runsData] = await Promise.all([api.get<MonitorInfo>(path), api.get<unknown>(`${path}/runs?limit=${RUNS_SHOWN}`)]);
    const runs = listOf<MonitorRunInfo>(runsData, "runs");
    const settings = m.settings ?? {};
    const rows = runs.map((r) =>
      h(
        "tr",
        {},
        h("th", { scope: "row" }, r.scanId ? h("a", { href: `#/scans/${encodeURIComponent(r.scanId)}` }, when(r.startedAt)) : when(r.startedAt)),
        h("td", {}, statusPill(r.status)),
        h("td", {}, gradeBadge(r.grade, r.score)),
        h("td", { class: "wrap" }, changeSummary(r)),
        h("td", {}, String(r.events)),
      ),
    );
    replace(
      app.main,
      h("h1", { tabindex: "-1" }, `Monitor of ${m.name ?? m.url}`),
      h(
        "dl",
        { class: "facts" },
        h("dt", {}, "Target"),
        h("dd", { class: "wrap" }, h("a", { href: `#/scans?target=${encodeURIComponent(m.url)}` }, m.url)),
        h("dt", {}, "Schedule"),
        h("dd", {}, scheduleText(m.schedule)),
        h("dt", {}, "State"),
        h("dd", {}, stateCell(m)),
        h("dt", {}, "Next run"),
        h("dd", {}, m.paused ? "— (paused)" : when(m.nextRunAt)),
        h("dt", {}, "Mode and depth"),
        h("dd", {}, `${settings.mode ?? "safe"}, ${settings.depth ?? "standard"}`),
        h("dt", {}, "Created"),
        h("dd", {}, when(m.createdAt), m.createdBy ? ` by ${m.createdBy}` : ""),
      ),
      monitorActions(app, m, async (deleted) => (deleted ? app.go("#/monitors") : render())),
      h("h2", {}, "Recent runs"),
      runs.length
        ? h("div", { class: "table-wrap" }, table(`${plural(runs.length, "run")}, newest first`, ["Started", "Status", "Grade", "Changes", "Events"], rows))
        : h("p", {}, "No run yet."),
    );
    (app.main.querySelector("h1") as HTMLElement | null)?.focus();
  };
  await render();
}
