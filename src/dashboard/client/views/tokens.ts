// API tokens (admins): list, create (the token is shown once), revoke.
import { api, ApiFailure, listOf, PAGE_MAX } from "../api.js";
import { field, h, replace, select } from "../dom.js";
import { when } from "../format.js";
import type { App } from "../main.js";
import type { TokenInfo } from "../types.js";
import { table } from "./common.js";

export async function tokensView(app: App): Promise<void> {
  const data = await api.get<unknown>(`/api/tokens?limit=${PAGE_MAX}`);
  const tokens = listOf<TokenInfo>(data, "tokens");
  const name = h("input", { type: "text", name: "name", maxlength: 100, required: true, placeholder: "ci-pipeline" });
  const role = select("role", [["viewer", "viewer (read)"], ["operator", "operator (scan, triage)"], ["admin", "admin (tokens, settings)"]], "viewer");
  const error = h("p", { class: "error", role: "alert" });
  const shown = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", "aria-labelledby": "create-h" }, h("h2", { id: "create-h" }, "Create a token"), field("Name", name), field("Role", role), error, h("button", { type: "submit" }, "Create token"), shown);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    if (!name.value.trim()) {
      error.textContent = "Give the token a name.";
      name.focus();
      return;
    }
    try {
      const created = await api.post<{ token: string; id: string }>("/api/tokens", { name: name.value.trim(), role: role.value });
      const out = h("input", { type: "text", readonly: true, value: created.token, class: "secret", "aria-label": "New token" });
      replace(shown, h("p", { class: "ok" }, "Token created. Copy it now: it is not shown again."), out);
      out.focus();
      out.select();
      await refreshList();
    } catch (err) {
      error.textContent = err instanceof ApiFailure ? err.message : "could not create the token";
    }
  });
  const listWrap = h("div", { class: "table-wrap" });
  const render = (items: TokenInfo[]) => {
    const rows = items.map((t) => {
      const revoke = t.revokedAt
        ? h("span", {}, `revoked ${when(t.revokedAt)}`)
        : h(
            "button",
            {
              type: "button",
              class: "danger small",
              "aria-label": `Revoke token ${t.name}`,
              onclick: async () => {
                if (!confirm(`Revoke the token "${t.name}"? Anything using it stops working.`)) return;
                try {
                  await api.del(`/api/tokens/${encodeURIComponent(t.id)}`);
                  app.say(`Token ${t.name} revoked.`);
                  await refreshList();
                } catch (err) {
                  app.say(err instanceof ApiFailure ? err.message : "could not revoke", "error");
                }
              },
            },
            "Revoke",
          );
      return h("tr", {}, h("th", { scope: "row" }, t.name), h("td", {}, t.role), h("td", {}, when(t.createdAt)), h("td", {}, when(t.lastUsedAt)), h("td", {}, revoke));
    });
    replace(listWrap, table("Tokens", ["Name", "Role", "Created", "Last used", "Actions"], rows));
  };
  const refreshList = async () => {
    const again = await api.get<unknown>(`/api/tokens?limit=${PAGE_MAX}`);
    render(listOf<TokenInfo>(again, "tokens"));
  };
  render(tokens);
  replace(app.main, h("h1", { tabindex: "-1" }, "API tokens"), form, h("h2", {}, "Existing tokens"), listWrap);
}
