// Monitors: targets rescanned on a schedule. The list (a page of 50, oldest first) shows each with its
// schedule, state, next run and last run (grade, status, a link to its scan); operators create, pause,
// resume and delete them. The detail view lists a monitor's recent runs with what each found changed.
import { api, ApiFailure, listOf, query, totalOf } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { plural, when } from "../format.js";
import type { App } from "../main.js";
import type { MonitorInfo, MonitorRunInfo, MonitorSchedule } from "../types.js";
import { gradeBadge, statusPill, table } from "./common.js";

const RUNS_SHOWN = 50;
/** Monitors a list page shows (GET /api/monitors pages them). */
const PAGE = 50;

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

const list = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The monitor form: empty to create one (POST), or filled from `initial` to edit it (PATCH with only the
 * fields that changed). `saved` gets the server's answer.
 */
function monitorForm(app: App, initial: MonitorInfo | null, saved: (m: MonitorInfo) => Promise<void>): HTMLFormElement {
  const set = initial?.settings ?? {};
  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://api.example.com", value: initial?.url ?? "" });
  const name = h("input", { type: "text", name: "name", maxlength: 100, placeholder: "payments API", value: initial?.name ?? "" });
  const spec = h("input", { type: "url", name: "spec", placeholder: "https://api.example.com/openapi.json", value: initial?.spec ?? "" });
  const startKind = initial && "cron" in initial.schedule ? "cron" : "every";
  const kind = select("schedule-kind", [["every", "every (interval)"], ["cron", "cron (UTC)"]], startKind);
  const startValue = initial ? ("cron" in initial.schedule ? initial.schedule.cron : initial.schedule.every) : "6h";
  const value = h("input", { type: "text", name: "schedule", required: true, value: startValue, placeholder: startValue });
  const hint = "An interval such as 30m, 6h or 1d; or a cron line such as 0 */6 * * * (UTC).";
  kind.addEventListener("change", () => {
    value.value = kind.value === "every" ? "6h" : "0 */6 * * *";
    value.placeholder = value.value;
  });
  const mode = select("mode", [["safe", "safe (read-only, default)"], ["passive", "passive (GET and HEAD only)"], ["active", "active (may change data)"]], set.mode ?? "safe");
  const depth = select("depth", ["quick", "standard", "deep"], set.depth ?? "standard");
  const context = select("context", [["", "not set"], "financial", "medical", "public", "internal"], set.context ?? "");
  const identities = h("input", { type: "text", name: "identities", placeholder: "admin, alice", value: (set.identities ?? []).join(", ") });
  const warning = h("p", { class: "warn", hidden: mode.value !== "active" }, "Active mode sends state-changing requests (POST, PUT, DELETE) on every run. Use it only on an API you may modify.");
  mode.addEventListener("change", () => (warning.hidden = mode.value !== "active"));
  const errorId = initial ? "monitor-edit-error" : "monitor-error";
  const error = h("p", { class: "error", role: "alert", id: errorId });
  const submit = h("button", { type: "submit" }, initial ? "Save changes" : "Create monitor");
  const headingId = initial ? "monitor-edit-h" : "monitor-new-h";
  const form = h(
    "form",
    { class: "card", "aria-labelledby": headingId, novalidate: true },
    h("h2", { id: headingId }, initial ? "Edit monitor" : "New monitor"),
    field("Target URL", url, "Base URL of the API (http or https)."),
    field("Name (optional)", name),
    field("OpenAPI document (optional)", spec, "On the same host; when empty, well-known locations are tried."),
    field("Schedule kind", kind),
    field("Schedule", value, hint),
    field("Mode", mode),
    warning,
    field("Depth", depth),
    field("Data context", context, "Raises the weight of data-exposure findings for financial or medical data."),
    field("Stored identities (optional)", identities, "Names of identities stored for this target, separated by commas."),
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
    const wanted: Record<string, unknown> = {
      url: url.value.trim(),
      name: name.value.trim() || null,
      spec: spec.value.trim() || null,
      schedule: { [kind.value]: value.value.trim() },
      mode: mode.value,
      depth: depth.value,
      context: context.value || null,
      identities: list(identities.value),
    };
    const had: Record<string, unknown> = initial
      ? { url: initial.url, name: initial.name, spec: initial.spec, schedule: initial.schedule, mode: set.mode ?? "safe", depth: set.depth ?? "standard", context: set.context ?? null, identities: set.identities ?? [] }
      : { name: null, spec: null, context: null, identities: [] };
    // Create: leave unset fields out. Edit: send what changed (null or [] clears a setting).
    const body = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => !same(v, had[k])));
    if (initial && Object.keys(body).length === 0) {
      error.textContent = "Nothing changed.";
      return;
    }
    submit.disabled = true;
    try {
      const answer = initial
        ? await api.patch<MonitorInfo>(`/api/monitors/${encodeURIComponent(initial.id)}`, body)
        : await api.post<MonitorInfo>("/api/monitors", body);
      app.say(initial ? `Monitor of ${answer.url} saved.` : `Monitor of ${answer.url} created; next run ${when(answer.nextRunAt)}.`);
      if (!initial) form.reset();
      await saved(answer);
    } catch (err) {
      error.textContent = failure(err, initial ? "the monitor could not be saved" : "the monitor could not be created");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export async function monitorsView(app: App, params: URLSearchParams): Promise<void> {
  const listWrap = h("div", { class: "table-wrap" });
  const offset = Math.max(0, Math.floor(Number(params.get("offset") ?? 0)) || 0);
  const refresh = async () => {
    const data = await api.get<unknown>(`/api/monitors${query({ limit: PAGE, offset: offset || undefined })}`);
    const monitors = listOf<MonitorInfo>(data, "monitors");
    const total = totalOf(data) ?? monitors.length;
    const earlier = offset > 0 ? h("a", { href: `#/monitors${query({ offset: Math.max(0, offset - PAGE) || undefined })}` }, "Previous monitors") : null;
    const later = offset + monitors.length < total ? h("a", { href: `#/monitors${query({ offset: offset + PAGE })}` }, "Next monitors") : null;
    const pager = earlier || later ? h("p", { class: "pager" }, earlier, earlier && later ? " · " : null, later) : null;
    if (monitors.length === 0) {
      replace(
        listWrap,
        total > 0 ? h("p", {}, `No monitors on this page: there are ${total}.`) : h("p", {}, "No monitors yet.", app.me.role === "viewer" ? " Ask an operator to add one." : ""),
        pager,
      );
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
    const caption = total > monitors.length ? `Monitors ${offset + 1}–${offset + monitors.length} of ${total}` : plural(monitors.length, "monitor");
    replace(listWrap, table(caption, headers, rows), pager);
  };
  await refresh();
  replace(
    app.main,
    h("h1", { tabindex: "-1" }, "Monitors"),
    h("p", { class: "meta" }, "Each monitor rescans its API on a schedule; changes between runs raise events that webhooks deliver."),
    listWrap,
    app.me.role === "viewer" ? null : monitorForm(app, null, refresh),
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
      app.me.role === "viewer" ? null : h("details", { class: "edit" }, h("summary", {}, "Edit this monitor"), monitorForm(app, m, render)),
      h("h2", {}, "Recent runs"),
      runs.length
        ? h("div", { class: "table-wrap" }, table(`${plural(runs.length, "run")}, newest first`, ["Started", "Status", "Grade", "Changes", "Events"], rows))
        : h("p", {}, "No run yet."),
    );
    (app.main.querySelector("h1") as HTMLElement | null)?.focus();
  };
  await render();
}
