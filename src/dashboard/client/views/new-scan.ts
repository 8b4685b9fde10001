// New scan: target, spec, mode, depth, context, stored identities and a check filter. On 202 the scan's
// page opens and follows it live.
import { api, ApiFailure } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import type { App } from "../main.js";

const list = (text: string): string[] =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export function newScanView(app: App, params: URLSearchParams): void {
  const url = h("input", { type: "url", name: "url", required: true, placeholder: "https://api.example.com", value: params.get("target") ?? "" });
  const spec = h("input", { type: "url", name: "spec", placeholder: "https://api.example.com/openapi.json" });
  const mode = select("mode", [["safe", "safe (read-only, default)"], ["passive", "passive (GET and HEAD only)"], ["active", "active (may change data)"]], "safe");
  const depth = select("depth", ["quick", "standard", "deep"], "standard");
  const context = select("context", [["", "not set"], "financial", "medical", "public", "internal"], "");
  const identities = h("input", { type: "text", name: "identities", placeholder: "admin, alice" });
  const checks = h("input", { type: "text", name: "checks", placeholder: "encryption., authentication." });
  const error = h("p", { class: "error", role: "alert", id: "scan-error" });
  const submit = h("button", { type: "submit" }, "Start scan");
  const warning = h("p", { class: "warn", hidden: true }, "Active mode sends state-changing requests (POST, PUT, DELETE). Use it only on an API you may modify.");
  mode.addEventListener("change", () => (warning.hidden = mode.value !== "active"));

  const form = h(
    "form",
    { class: "card", "aria-labelledby": "new-h", novalidate: true },
    field("Target URL", url, "Base URL of the API (http or https)."),
    field("OpenAPI document (optional)", spec, "On the same host; when empty, well-known locations are tried."),
    field("Mode", mode),
    warning,
    field("Depth", depth),
    field("Data context", context, "Raises the weight of data-exposure findings for financial or medical data."),
    field("Stored identities (optional)", identities, "Names of identities stored for this target, separated by commas."),
    field("Only these checks (optional)", checks, "Check id prefixes, separated by commas."),
    error,
    submit,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    url.removeAttribute("aria-invalid");
    if (!url.value.trim() || !url.checkValidity()) {
      error.textContent = "Enter the API's base URL, e.g. https://api.example.com";
      url.setAttribute("aria-invalid", "true");
      url.setAttribute("aria-describedby", `${url.getAttribute("aria-describedby") ?? ""} scan-error`.trim());
      url.focus();
      return;
    }
    const body: Record<string, unknown> = { url: url.value.trim(), mode: mode.value, depth: depth.value };
    if (spec.value.trim()) body["spec"] = spec.value.trim();
    if (context.value) body["context"] = context.value;
    if (list(identities.value).length) body["identities"] = list(identities.value);
    if (list(checks.value).length) body["checks"] = list(checks.value);
    submit.disabled = true;
    try {
      const created = await api.post<{ id: string; status: string }>("/api/scans", body);
      app.say(`Scan ${created.status}.`);
      app.go(`#/scans/${encodeURIComponent(created.id)}`);
    } catch (err) {
      error.textContent = err instanceof ApiFailure ? err.message : "the scan could not be started";
      submit.disabled = false;
      error.focus?.();
    }
  });
  replace(app.main, h("h1", { id: "new-h", tabindex: "-1" }, "New scan"), form);
}
