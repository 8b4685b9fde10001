// Rampart dashboard: a small single-page app over the REST API. Hash routes, one view at a time; after
// every navigation the new view's heading takes focus so keyboard and screen-reader users land on it.
import { api, ApiFailure, setCsrf, whenSignedOut, type Me } from "./api.js";
import { h, replace } from "./dom.js";
import { signInView } from "./views/signin.js";
import { targetsView } from "./views/targets.js";

export interface App {
  me: Me;
  main: HTMLElement;
  /** Announces a short message to screen readers (and shows it). */
  say(message: string, kind?: "info" | "error"): void;
  go(hash: string): void;
  /** Registered by a view that holds resources (an EventSource): called when the view is left. */
  onLeave(fn: () => void): void;
}

type View = (app: App, params: URLSearchParams, id: string | null) => Promise<void> | void;

/** A view in its own chunk, fetched the first time it is opened. */
const lazy =
  (load: () => Promise<View>): View =>
  async (app, params, id) => {
    let view: View;
    try {
      view = await load();
    } catch {
      // Typically an upgrade of the server while this page was open: its chunks have new names.
      throw new Error("this page could not be loaded; reload the dashboard (the server may have been upgraded)");
    }
    return view(app, params, id);
  };

// The first view (targets) is in the entry script; every other view is a chunk fetched when first opened,
// so the first load does not grow with each page added.
const ROUTES: { pattern: RegExp; view: View; title: string; admin?: boolean }[] = [
  { pattern: /^\/?$/, view: targetsView, title: "Targets" },
  { pattern: /^\/scans$/, view: lazy(async () => (await import("./views/scans.js")).scansView), title: "Scans" },
  { pattern: /^\/scans\/([^/]+)$/, view: lazy(async () => (await import("./views/scan.js")).scanView), title: "Scan" },
  { pattern: /^\/new$/, view: lazy(async () => (await import("./views/new-scan.js")).newScanView), title: "New scan" },
  { pattern: /^\/diff$/, view: lazy(async () => (await import("./views/diff.js")).diffView), title: "Compare scans" },
  { pattern: /^\/monitors$/, view: lazy(async () => (await import("./views/monitors.js")).monitorsView), title: "Monitors" },
  { pattern: /^\/monitors\/([^/]+)$/, view: lazy(async () => (await import("./views/monitors.js")).monitorView), title: "Monitor" },
  { pattern: /^\/webhooks$/, view: lazy(async () => (await import("./views/webhooks.js")).webhooksView), title: "Webhooks" },
  { pattern: /^\/tokens$/, view: lazy(async () => (await import("./views/tokens.js")).tokensView), title: "API tokens", admin: true },
];

const root = document.getElementById("app") as HTMLElement;
const status = h("div", { id: "status", role: "status", "aria-live": "polite", class: "status" });
let leaving: (() => void)[] = [];
let me: Me | null = null;

function say(message: string, kind: "info" | "error" = "info"): void {
  status.className = `status ${kind}`;
  status.textContent = message;
}

function nav(current: string, who: Me): HTMLElement {
  const links: [string, string][] = [
    ["#/", "Targets"],
    ["#/scans", "Scans"],
    ["#/diff", "Compare"],
    ["#/monitors", "Monitors"],
    ["#/webhooks", "Webhooks"],
  ];
  if (who.role !== "viewer") links.splice(2, 0, ["#/new", "New scan"]);
  if (who.role === "admin") links.push(["#/tokens", "Tokens"]);
  const active = (href: string) => (href === "#/" ? current === "/" || current === "" : current.startsWith(href.slice(1)));
  return h(
    "nav",
    { "aria-label": "Main" },
    h("ul", {}, links.map(([href, text]) => h("li", {}, h("a", { href, "aria-current": active(href) ? "page" : null }, text)))),
  );
}

async function signOut(): Promise<void> {
  try {
    await api.del("/api/session");
  } catch {
    // already signed out
  }
  me = null;
  location.hash = "#/signin";
  void render();
}

function shell(who: Me, path: string): HTMLElement {
  const main = h("main", { id: "main", tabindex: "-1" });
  replace(
    root,
    h("a", { class: "skip", href: "#main", onclick: (e: Event) => (e.preventDefault(), main.focus()) }, "Skip to content"),
    h(
      "header",
      { class: "top" },
      h("a", { class: "brand", href: "#/" }, "Rampart"),
      nav(path, who),
      h(
        "div",
        { class: "who" },
        h("span", {}, `${who.name} (${who.role})`),
        h("button", { type: "button", class: "link", onclick: () => void signOut() }, "Sign out"),
      ),
    ),
    status,
    main,
  );
  return main;
}

async function render(): Promise<void> {
  for (const fn of leaving.splice(0)) fn();
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path = "/", search = ""] = raw.split("?");
  const params = new URLSearchParams(search);
  if (!me) {
    try {
      me = await api.get<Me>("/api/session");
      setCsrf(me.csrfToken);
    } catch {
      me = null;
    }
  }
  if (!me || path === "/signin") {
    if (me && path === "/signin") {
      location.hash = "#/";
      return;
    }
    say("");
    signInView(root, status, (who) => {
      me = who;
      setCsrf(who.csrfToken);
      const back = params.get("next");
      location.hash = back && back.startsWith("/") ? `#${back}` : "#/";
      if (location.hash === `#${raw}`) void render();
    });
    return;
  }
  const route = ROUTES.find((r) => r.pattern.test(path));
  const main = shell(me, path);
  say("");
  if (!route || (route.admin && me.role !== "admin")) {
    document.title = "Not found · Rampart";
    replace(main, h("h1", { tabindex: "-1" }, "Page not found"), h("p", {}, h("a", { href: "#/" }, "Back to the targets")));
    main.querySelector("h1")?.focus();
    return;
  }
  document.title = `${route.title} · Rampart`;
  const id = route.pattern.exec(path)?.[1] ?? null;
  const app: App = {
    me,
    main,
    say,
    go: (hash) => (location.hash = hash),
    onLeave: (fn) => leaving.push(fn),
  };
  try {
    await route.view(app, params, id ? decodeURIComponent(id) : null);
  } catch (e) {
    const message = e instanceof ApiFailure || e instanceof Error ? e.message : String(e);
    replace(main, h("h1", { tabindex: "-1" }, route.title), h("p", { class: "error", role: "alert" }, message));
  }
  (main.querySelector("h1") as HTMLElement | null)?.focus();
}

whenSignedOut(() => {
  me = null;
  const here = location.hash.replace(/^#/, "");
  location.hash = `#/signin${here && here !== "/signin" ? `?next=${encodeURIComponent(here)}` : ""}`;
});
window.addEventListener("hashchange", () => void render());
// Printing shows every finding in full: open the collapsed ones for the printout, then restore them.
let closedForPrint: HTMLDetailsElement[] = [];
window.addEventListener("beforeprint", () => {
  closedForPrint = [...document.querySelectorAll<HTMLDetailsElement>("details:not([open])")];
  for (const d of closedForPrint) d.open = true;
});
window.addEventListener("afterprint", () => {
  for (const d of closedForPrint) d.open = false;
  closedForPrint = [];
});
leaving = [];
void render();
