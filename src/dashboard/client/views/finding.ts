// One finding, expandable: what was seen, the evidence, the curl line to reproduce it, the fix for the
// detected stack, and the compliance controls it maps to. Operators get the triage form inside.
import { api, ApiFailure } from "../api.js";
import { field, h, select } from "../dom.js";
import type { App } from "../main.js";
import type { Finding, Suppressed } from "../types.js";
import { severityPill } from "./common.js";

/** Reference keys shown as compliance mapping, in this order. */
const COMPLIANCE: [string, string][] = [
  ["owaspApi2023", "OWASP API Top 10 (2023)"],
  ["pciDss4", "PCI DSS 4.0"],
  ["soc2", "SOC 2"],
  ["owaspTop10_2021", "OWASP Top 10 (2021)"],
  ["owaspLlm2025", "OWASP LLM Top 10 (2025)"],
  ["hipaa", "HIPAA"],
  ["cwe", "CWE"],
];

export type TriageState = { status: "open" | "accepted" | "false-positive"; reason?: string; expires?: string | null };

function copyButton(text: string, app: App): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      class: "small",
      onclick: () => {
        void navigator.clipboard?.writeText(text).then(
          () => app.say("curl line copied"),
          () => app.say("copy failed: select the text instead", "error"),
        );
      },
    },
    "Copy curl line",
  );
}

function triageForm(f: Finding, state: TriageState, app: App, refresh: () => void): HTMLElement {
  const status = select("status", [["accepted", "Accept the risk"], ["false-positive", "False positive"], ["open", "Reopen"]], state.status === "open" ? "accepted" : "open");
  const reason = h("input", { type: "text", name: "reason", maxlength: 500, value: "" });
  const expires = h("input", { type: "date", name: "expires" });
  const message = h("p", { class: "error", role: "alert" });
  const form = h(
    "form",
    { class: "triage", "aria-label": `Triage: ${f.title}` },
    h("h4", {}, "Triage"),
    field("Decision", status),
    field("Reason", reason, "Required when accepting or marking a false positive."),
    field("Accepted until (optional)", expires),
    message,
    h("button", { type: "submit" }, "Save triage"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    message.textContent = "";
    if (status.value !== "open" && reason.value.trim() === "") {
      message.textContent = "Give a reason.";
      reason.setAttribute("aria-invalid", "true");
      reason.focus();
      return;
    }
    const body: Record<string, string> = { status: status.value };
    if (status.value !== "open") body["reason"] = reason.value.trim();
    if (status.value === "accepted" && expires.value) body["expires"] = expires.value;
    try {
      await api.put(`/api/findings/${encodeURIComponent(f.id)}/triage`, body);
      app.say(`Finding "${f.title}" is now ${status.value === "open" ? "open" : status.value}.`);
      refresh();
    } catch (err) {
      message.textContent = err instanceof ApiFailure ? err.message : "could not save the triage";
    }
  });
  return form;
}

export function findingCard(f: Finding, state: TriageState, app: App, refresh: () => void): HTMLElement {
  const where = f.operation ? `${f.operation.method} ${f.operation.path}` : null;
  const triaged = state.status !== "open";
  const refs = COMPLIANCE.filter(([k]) => (f.references?.[k]?.length ?? 0) > 0);
  return h(
    "article",
    { class: `finding sev-border-${f.severity}`, "data-finding": f.id },
    h(
      "details",
      {},
      h(
        "summary",
        {},
        severityPill(f.severity),
        " ",
        h("span", { class: "title" }, f.title),
        where ? h("span", { class: "where" }, ` — ${where}`) : null,
        triaged ? h("span", { class: `pill tri-${state.status}` }, state.status) : null,
      ),
      h(
        "div",
        { class: "body" },
        h("p", {}, f.description),
        h("p", { class: "meta" }, `Check ${f.checkId} · category ${f.category} · confidence ${f.confidence}`),
        triaged ? h("p", { class: "meta" }, `Triaged ${state.status}: ${state.reason ?? ""}${state.expires ? ` (until ${state.expires})` : ""}`) : null,
        f.evidence?.length
          ? h(
              "section",
              {},
              h("h4", {}, "Evidence"),
              f.evidence.map((ev) =>
                h("div", { class: "evidence" }, h("p", {}, h("code", {}, ev.request), ev.status !== null ? ` → ${ev.status}` : "", ev.note ? ` — ${ev.note}` : ""), ev.excerpt ? h("pre", {}, ev.excerpt) : null),
              ),
            )
          : null,
        f.reproduce
          ? h("section", {}, h("h4", {}, "Reproduce"), h("pre", { class: "curl" }, h("code", {}, f.reproduce)), copyButton(f.reproduce, app))
          : null,
        h(
          "section",
          {},
          h("h4", {}, f.remediation.framework ? `Fix (${f.remediation.framework})` : "Fix"),
          h("p", {}, f.remediation.summary),
          f.remediation.steps.length ? h("ol", {}, f.remediation.steps.map((s) => h("li", {}, s))) : null,
          f.remediation.code ? h("pre", {}, h("code", {}, f.remediation.code)) : null,
        ),
        refs.length
          ? h(
              "section",
              {},
              h("h4", {}, "Compliance mapping"),
              h("dl", { class: "refs" }, refs.flatMap(([k, label]) => [h("dt", {}, label), h("dd", {}, (f.references[k] ?? []).map((x) => (k === "cwe" ? `CWE-${x}` : String(x))).join(", "))])),
            )
          : null,
        app.me.role !== "viewer" ? triageForm(f, state, app, refresh) : null,
      ),
    ),
  );
}

/** A finding triaged out of this report: the server keeps its id, check and reason; it can be reopened. */
export function triagedCard(s: Suppressed, state: TriageState, app: App, refresh: () => void): HTMLElement {
  const reopen =
    app.me.role === "viewer"
      ? null
      : h(
          "button",
          {
            type: "button",
            class: "small",
            onclick: async () => {
              try {
                await api.put(`/api/findings/${encodeURIComponent(s.findingId)}/triage`, { status: "open" });
                app.say(`Finding ${s.checkId ?? s.findingId} reopened; it counts again from the next view of this scan.`);
                refresh();
              } catch (err) {
                app.say(err instanceof ApiFailure ? err.message : "could not reopen", "error");
              }
            },
          },
          "Reopen",
        );
  return h(
    "article",
    { class: "finding triaged", "data-finding": s.findingId },
    h(
      "div",
      { class: "body" },
      h("p", {}, h("span", { class: `pill tri-${state.status}` }, state.status), " ", h("span", { class: "title" }, s.checkId ?? s.findingId), h("span", { class: "where" }, ` — ${s.findingId}`)),
      h("p", { class: "meta" }, `Reason: ${state.reason ?? ""}${state.expires ? ` · until ${state.expires}` : ""}`),
      reopen,
    ),
  );
}
