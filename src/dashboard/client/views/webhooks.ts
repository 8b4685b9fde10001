// Webhooks: endpoints (admins: subscribe one — its signing secret is shown once —, edit its URL, events,
// minimum severity, format and description, rotate the secret, delete), the dead letters with a Redeliver
// button (operators), and every delivery with the monitor and target of its event, its status, attempts,
// next attempt and last error, filtered and paged newest first (everyone).
import { api, ApiFailure, listOf, query } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { EVENT_TYPES } from "../../../monitor/event-types.js";
import { plural, SEVERITIES, when } from "../format.js";
import type { App } from "../main.js";
import type { DeliveryInfo, DeliveryStatus, WebhookInfo } from "../types.js";
import { statusPill, table } from "./common.js";

const PAGE = 50;
const FORMATS: [string, string][] = [["json", "json (signed event)"], ["slack", "Slack"], ["teams", "Microsoft Teams"], ["email", "e-mail (mailto:)"]];
const STATUSES: [string, string][] = [["", "any"], ["pending", "pending"], ["delivered", "delivered"], ["dead", "dead"]];

const failure = (err: unknown, fallback: string): string => (err instanceof ApiFailure ? err.message : fallback);

/** A secret from a create or rotate answer, in a read-only field selected for copying; never shown again. */
function secretShown(where: HTMLElement, label: string, secret: string, note: string): void {
  const out = h("input", { type: "text", readonly: true, value: secret, class: "secret", "aria-label": label });
  replace(where, h("p", { class: "ok" }, note), out);
  out.focus();
  out.select();
}

/**
 * The endpoint form: empty to subscribe one (POST; the answer's secret is shown once), or filled from
 * `initial` to edit it (PATCH with only what changed). The full URL is write-only, so when editing the URL
 * field starts empty and an empty field keeps the current URL.
 */
function webhookForm(initial: WebhookInfo | null, shown: HTMLElement, done: (message: string | null) => Promise<void>): HTMLFormElement {
  const url = h("input", { type: "text", name: "url", required: !initial, maxlength: 2048, placeholder: initial ? initial.url : "https://hooks.example.com/rampart" });
  const wantsAll = initial ? initial.events.includes("*") : true;
  const all = h("input", { type: "checkbox", name: "events", value: "*", checked: wantsAll });
  const boxes = EVENT_TYPES.map((t) => h("input", { type: "checkbox", name: "events", value: t, checked: !wantsAll && Boolean(initial?.events.includes(t)) }));
  const events = h(
    "fieldset",
    { class: "events" },
    h("legend", {}, "Events"),
    h("label", {}, all, " all events"),
    boxes.map((b) => h("label", {}, b, ` ${b.value}`)),
  );
  const minSeverity = select("minSeverity", [["", "any (no minimum)"], ...SEVERITIES.map((s): [string, string] => [s, s])], initial?.minSeverity ?? "");
  const format = select("format", FORMATS, initial?.format ?? "json");
  const description = h("input", { type: "text", name: "description", maxlength: 200, placeholder: "security team channel", value: initial?.description ?? "" });
  const error = h("p", { class: "error", role: "alert", id: initial ? "webhook-edit-error" : "webhook-error" });
  const submit = h("button", { type: "submit" }, initial ? "Save endpoint" : "Subscribe endpoint");
  const cancel = initial ? h("button", { type: "button", onclick: () => void done(null) }, "Cancel") : null;
  const headingId = initial ? "webhook-edit-h" : "webhook-new-h";
  const form = h(
    "form",
    { class: "card", "aria-labelledby": headingId, novalidate: true },
    h("h2", { id: headingId }, initial ? `Edit endpoint ${initial.url}` : "New endpoint"),
    initial
      ? field("New endpoint URL (optional)", url, `Leave empty to keep the current URL (${initial.url}); the full URL is never shown again once saved.`)
      : field("Endpoint URL", url, "An http(s) URL (Slack and Teams: their incoming-webhook URL), or mailto:address for e-mail."),
    events,
    field("Minimum severity", minSeverity, "Events below it are not sent; events without a severity always are."),
    field("Format", format),
    field("Description (optional)", description),
    error,
    submit,
    cancel ? [" ", cancel] : null,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    const chosen = all.checked ? ["*"] : boxes.filter((b) => b.checked).map((b) => b.value);
    if (!initial && !url.value.trim()) {
      error.textContent = "Enter the endpoint's URL.";
      url.focus();
      return;
    }
    if (chosen.length === 0) {
      error.textContent = "Choose at least one event.";
      all.focus();
      return;
    }
    const wanted: Record<string, unknown> = { events: chosen, format: format.value, minSeverity: minSeverity.value || null, description: description.value.trim() || null };
    if (url.value.trim()) wanted["url"] = url.value.trim();
    let body = wanted;
    if (initial) {
      const had: Record<string, unknown> = { events: initial.events, format: initial.format, minSeverity: initial.minSeverity, description: initial.description };
      body = Object.fromEntries(Object.entries(wanted).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(had[k])));
      if (Object.keys(body).length === 0) {
        error.textContent = "Nothing changed.";
        return;
      }
    } else if (wanted["description"] === null) {
      delete body["description"];
    }
    submit.disabled = true;
    try {
      if (initial) {
        const saved = await api.patch<WebhookInfo>(`/api/webhooks/${encodeURIComponent(initial.id)}`, body);
        await done(`Endpoint ${saved.url} saved.`);
      } else {
        const made = await api.post<{ id: string; secret: string }>("/api/webhooks", body);
        form.reset();
        secretShown(shown, "New signing secret", made.secret, `Endpoint ${made.id} subscribed. Copy its signing secret now: it is not shown again.`);
        await done(null);
      }
    } catch (err) {
      error.textContent = failure(err, initial ? "the endpoint could not be saved" : "the endpoint could not be subscribed");
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function endpointRow(app: App, w: WebhookInfo, shown: HTMLElement, refresh: () => Promise<void>, edit: (w: WebhookInfo) => void): HTMLTableRowElement {
  const base = `/api/webhooks/${encodeURIComponent(w.id)}`;
  const counts = w.deliveries ?? {};
  const rotate = async () => {
    if (!confirm(`Rotate the signing secret of ${w.url}? The old secret keeps signing for a day beside the new one.`)) return;
    try {
      const rotated = await api.post<{ secret: string; webhook: WebhookInfo }>(`${base}/rotate`);
      const until = rotated.webhook.previousSecretExpiresAt;
      secretShown(shown, "New signing secret", rotated.secret, `Secret of ${w.url} rotated; the previous one still signs until ${when(until)}. Copy the new one now: it is not shown again.`);
      await refresh();
    } catch (err) {
      app.say(failure(err, "the secret could not be rotated"), "error");
    }
  };
  const toggle = async () => {
    try {
      await api.patch(base, { active: !w.active });
      app.say(w.active ? `Deliveries to ${w.url} held: they are kept and sent when resumed.` : `Deliveries to ${w.url} resumed.`);
      await refresh();
    } catch (err) {
      app.say(failure(err, "the endpoint could not be changed"), "error");
    }
  };
  const redeliverAll = async () => {
    try {
      const { requeued } = await api.post<{ requeued: number }>(`${base}/redeliver`);
      app.say(`${plural(requeued, "dead letter")} of ${w.url} queued again.`);
      await refresh();
    } catch (err) {
      app.say(failure(err, "the dead letters could not be queued again"), "error");
    }
  };
  const remove = async () => {
    if (!confirm(`Delete the endpoint ${w.url} and its delivery records?`)) return;
    try {
      await api.del(base);
      app.say(`Endpoint ${w.url} deleted.`);
      await refresh();
    } catch (err) {
      app.say(failure(err, "the endpoint could not be deleted"), "error");
    }
  };
  return h(
    "tr",
    {},
    h("th", { scope: "row", class: "wrap" }, w.url, w.description ? h("div", { class: "meta" }, w.description) : null, h("div", { class: "meta" }, w.id)),
    h("td", { class: "wrap" }, w.events.includes("*") ? "all" : w.events.join(", ")),
    h("td", {}, w.minSeverity ?? "any"),
    h("td", {}, w.format),
    h("td", {}, h("span", { class: `pill ${w.active ? "st-active" : "st-paused"}` }, w.active ? "active" : "held")),
    h(
      "td",
      {},
      h("a", { href: `#/webhooks${query({ webhook: w.id })}` }, `${counts.delivered ?? 0} delivered, ${counts.pending ?? 0} pending, ${counts.dead ?? 0} dead`),
    ),
    h(
      "td",
      { class: "actions" },
      h("button", { type: "button", class: "small", "aria-label": `Edit endpoint ${w.url}`, onclick: () => edit(w) }, "Edit"),
      " ",
      h("button", { type: "button", class: "small", "aria-label": `Rotate secret of ${w.url}`, onclick: () => void rotate() }, "Rotate secret"),
      " ",
      h("button", { type: "button", class: "small", "aria-label": `${w.active ? "Hold" : "Resume"} deliveries to ${w.url}`, onclick: () => void toggle() }, w.active ? "Hold" : "Resume"),
      " ",
      counts.dead
        ? [h("button", { type: "button", class: "small", "aria-label": `Redeliver all ${plural(counts.dead, "dead letter")} of ${w.url}`, onclick: () => void redeliverAll() }, "Redeliver all"), " "]
        : null,
      h("button", { type: "button", class: "danger small", "aria-label": `Delete endpoint ${w.url}`, onclick: () => void remove() }, "Delete"),
    ),
  );
}

function deliveryRow(d: DeliveryInfo, action: HTMLElement | null): HTMLTableRowElement {
  const last = d.lastAttemptAt ? `${when(d.lastAttemptAt)}${d.lastStatus ? ` (HTTP ${d.lastStatus})` : ""}` : "—";
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, String(d.id)),
    h("td", {}, d.eventType, h("div", { class: "meta wrap" }, d.eventId)),
    h(
      "td",
      { class: "wrap" },
      d.monitor ? h("a", { href: `#/monitors/${encodeURIComponent(d.monitor.id)}` }, d.monitor.name ?? d.monitor.id) : "one-off scan",
      d.target ? h("div", { class: "meta" }, d.target) : null,
    ),
    h("td", {}, d.webhookId),
    h("td", {}, statusPill(d.status)),
    h("td", {}, String(d.attempts)),
    h("td", {}, d.status === "pending" ? when(d.nextAttemptAt) : d.status === "delivered" ? `delivered ${when(d.deliveredAt)}` : `dead ${when(d.deadAt)}`),
    h("td", {}, last),
    h("td", { class: "wrap" }, d.lastError ?? "—"),
    action ? h("td", {}, action) : null,
  );
}

const HEADERS = ["Delivery", "Event", "Monitor and target", "Endpoint", "Status", "Attempts", "Next attempt / outcome", "Last attempt", "Last error"];

export async function webhooksView(app: App, params: URLSearchParams): Promise<void> {
  const admin = app.me.role === "admin";
  const canRedeliver = app.me.role !== "viewer";
  const webhook = params.get("webhook") ?? "";
  const status = (params.get("status") ?? "") as DeliveryStatus | "";
  const before = params.get("before") ?? "";

  const shown = h("div", { "aria-live": "polite" });
  const endpointsWrap = h("div", { class: "table-wrap" });
  const editWrap = h("div", {});
  /** Opens the edit form of one endpoint below the list (one at a time); saving or cancelling closes it. */
  const edit = (w: WebhookInfo): void => {
    const form = webhookForm(w, shown, async (message) => {
      replace(editWrap);
      if (message) {
        app.say(message);
        await refreshEndpoints();
      }
    });
    replace(editWrap, form);
    form.querySelector("input")?.focus();
  };
  const deadWrap = h("div", { class: "table-wrap" });
  const deliveriesWrap = h("div", { class: "table-wrap" });

  const redeliver = (d: DeliveryInfo): HTMLElement | null =>
    canRedeliver && d.status !== "pending"
      ? h(
          "button",
          {
            type: "button",
            class: "small",
            "aria-label": `Redeliver delivery ${d.id}`,
            onclick: async () => {
              try {
                await api.post(`/api/deliveries/${d.id}/redeliver`);
                app.say(`Delivery ${d.id} queued again.`);
                await refresh();
              } catch (err) {
                app.say(failure(err, "the delivery could not be queued again"), "error");
              }
            },
          },
          "Redeliver",
        )
      : null;

  const refreshEndpoints = async () => {
    if (!admin) return;
    const endpoints = listOf<WebhookInfo>(await api.get<unknown>("/api/webhooks"), "webhooks");
    replace(
      endpointsWrap,
      endpoints.length
        ? table(plural(endpoints.length, "endpoint"), ["URL", "Events", "Minimum severity", "Format", "State", "Deliveries", "Actions"], endpoints.map((w) => endpointRow(app, w, shown, refresh, edit)))
        : h("p", {}, "No endpoint is subscribed yet."),
    );
  };
  const refreshDead = async () => {
    const dead = listOf<DeliveryInfo>(await api.get<unknown>(`/api/deliveries${query({ status: "dead", webhook, limit: PAGE })}`), "deliveries");
    const headers = canRedeliver ? [...HEADERS, "Actions"] : HEADERS;
    replace(
      deadWrap,
      dead.length
        ? table(`${plural(dead.length, "dead letter")}${dead.length === PAGE ? ` (the newest ${PAGE})` : ""}`, headers, dead.map((d) => deliveryRow(d, redeliver(d))))
        : h("p", {}, "No dead letters: every delivery arrived or is still being retried."),
    );
  };
  const refreshDeliveries = async () => {
    const items = listOf<DeliveryInfo>(await api.get<unknown>(`/api/deliveries${query({ status, webhook, before, limit: PAGE })}`), "deliveries");
    const headers = canRedeliver ? [...HEADERS, "Actions"] : HEADERS;
    const older = items.length === PAGE ? h("a", { href: `#/webhooks${query({ webhook, status, before: items[items.length - 1]?.id })}` }, "Older deliveries") : null;
    const newest = before ? h("a", { href: `#/webhooks${query({ webhook, status })}` }, "Newest deliveries") : null;
    replace(
      deliveriesWrap,
      items.length ? table(plural(items.length, "delivery").replace(/ys$/, "ies"), headers, items.map((d) => deliveryRow(d, redeliver(d)))) : h("p", {}, "No deliveries match."),
      h("p", { class: "pager" }, newest, newest && older ? " · " : null, older),
    );
  };
  async function refresh(): Promise<void> {
    await Promise.all([refreshEndpoints(), refreshDead(), refreshDeliveries()]);
  }
  await refresh();

  const endpointInput = h("input", { type: "text", name: "webhook", value: webhook, placeholder: "wh_…" });
  const statusSelect = select("status", STATUSES, status);
  const filters = h(
    "form",
    { class: "filters", "aria-label": "Filter deliveries" },
    field("Endpoint id", endpointInput),
    field("Delivery status", statusSelect),
    h("button", { type: "submit" }, "Apply"),
  );
  filters.addEventListener("submit", (e) => {
    e.preventDefault();
    app.go(`#/webhooks${query({ webhook: endpointInput.value.trim(), status: statusSelect.value })}`);
  });

  replace(
    app.main,
    h("h1", { tabindex: "-1" }, "Webhooks"),
    admin ? [h("h2", {}, "Endpoints"), shown, endpointsWrap, editWrap, webhookForm(null, shown, refreshEndpoints)] : null,
    h("h2", {}, "Dead letters"),
    h("p", { class: "meta" }, "Deliveries that failed for their whole retry window. Redeliver sends one again with a fresh window."),
    deadWrap,
    h("h2", {}, "Deliveries"),
    filters,
    deliveriesWrap,
  );
}
