// Sign in with an API token; the server answers with an HttpOnly session cookie and a CSRF token.
import { api, ApiFailure, type Me } from "../api.js";
import { field, h, replace } from "../dom.js";

export function signInView(root: HTMLElement, status: HTMLElement, done: (me: Me) => void): void {
  document.title = "Sign in · Rampart";
  const token = h("input", { type: "password", name: "token", autocomplete: "current-password", required: true, spellcheck: "false" });
  const error = h("p", { class: "error", role: "alert", id: "signin-error" });
  const button = h("button", { type: "submit" }, "Sign in");
  const form = h(
    "form",
    { class: "card narrow", "aria-labelledby": "signin-title" },
    h("h1", { id: "signin-title", tabindex: "-1" }, "Sign in to Rampart"),
    h("p", {}, "Paste an API token (create one with ", h("code", {}, "rampart tokens create"), "). It is exchanged for a session cookie and not stored in the browser."),
    field("API token", token),
    error,
    button,
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.textContent = "";
    button.disabled = true;
    try {
      const me = await api.post<Me>("/api/session", { token: token.value.trim() });
      token.value = "";
      done(me);
    } catch (err) {
      error.textContent = err instanceof ApiFailure ? err.message : "sign-in failed";
      token.setAttribute("aria-invalid", "true");
      token.setAttribute("aria-describedby", error.id);
      token.focus();
    } finally {
      button.disabled = false;
    }
  });
  replace(root, status, h("main", { id: "main", class: "signin" }, form));
  token.focus();
}
