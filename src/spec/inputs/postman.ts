// Postman collection v2.0/v2.1 → operation sketches. `{{variables}}` are resolved from the collection's
// `variable` list (unknown ones in a path become path parameters), `:name` path variables become `{name}`,
// and the `auth` in force (request, else the nearest folder, else the collection) becomes a security
// scheme. Credential values in the collection are never carried over.
import { SECRET_NAME } from "./secret-names.js";
import type { AuthSketch, OperationSketch, ParamSketch } from "./sketch.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "");
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

export function isPostmanCollection(value: unknown): boolean {
  if (!isObj(value) || !Array.isArray(value.item)) return false;
  const info = isObj(value.info) ? value.info : {};
  return typeof info._postman_id === "string" || str(info.schema).includes("collection") || typeof info.name === "string";
}

function variables(entries: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of list(entries)) if (str(v.key) && !v.disabled) out.set(str(v.key), str(v.value));
  return out;
}

/** Replaces `{{name}}` with known values; secret-named variables and unknown ones are left as markers. */
function substitute(text: string, vars: Map<string, string>): string {
  return text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, name: string) => (vars.has(name) && !SECRET_NAME.test(name) ? (vars.get(name) as string) : whole));
}

function authOf(auth: unknown): AuthSketch | undefined {
  if (!isObj(auth)) return undefined;
  const type = str(auth.type).toLowerCase();
  if (type === "noauth") return { type: "none" };
  if (type === "bearer" || type === "oauth2" || type === "jwt") return { type: "bearer" };
  if (type === "basic" || type === "digest") return { type: "basic" };
  if (type === "apikey") {
    const fields = new Map(list(auth.apikey).map((f) => [str(f.key), str(f.value)]));
    const where = (fields.get("in") ?? "header").toLowerCase();
    return { type: "apiKey", in: where === "query" ? "query" : "header", name: fields.get("key") || "X-API-Key" };
  }
  return undefined;
}

/** The path part of a Postman URL (string or object), with `{{base}}`/scheme/host removed. */
function urlParts(url: unknown, vars: Map<string, string>): { path: string; query: ParamSketch[]; variables: Map<string, string> } {
  const urlVars = new Map<string, string>();
  let raw = "";
  let query: ParamSketch[] = [];
  if (isObj(url)) {
    for (const v of list(url.variable)) urlVars.set(str(v.key), str(v.value));
    if (Array.isArray(url.path)) raw = `/${url.path.map((p) => (isObj(p) ? str(p.value) : str(p))).join("/")}`;
    else if (typeof url.path === "string") raw = url.path.startsWith("/") ? url.path : `/${url.path}`;
    else raw = str(url.raw);
    query = list(url.query)
      .filter((q) => !q.disabled && str(q.key))
      .map((q) => ({ name: str(q.key), ...(SECRET_NAME.test(str(q.key)) ? {} : { example: substitute(str(q.value), vars) }) }));
  } else raw = str(url);
  let text = substitute(raw, vars);
  // Drop what names the server: a leading {{var}}, a scheme and host, or a bare host.
  text = text.replace(/^\{\{[^}]+\}\}/, "").replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  if (!text.startsWith("/")) text = text.includes("/") ? text.slice(text.indexOf("/")) : "/";
  const [pathOnly = "/", qs = ""] = text.split("?");
  if (!isObj(url) && qs) {
    query = [...new URLSearchParams(qs)].map(([name, v]) => ({ name, ...(SECRET_NAME.test(name) ? {} : { example: v }) }));
  }
  return { path: pathOnly, query, variables: urlVars };
}

function bodyOf(body: unknown, vars: Map<string, string>): OperationSketch["body"] {
  if (!isObj(body)) return null;
  const mode = str(body.mode);
  if (mode === "raw") {
    const text = substitute(str(body.raw), vars);
    const language = isObj(body.options) && isObj(body.options.raw) ? str(body.options.raw.language) : "";
    try {
      return { contentType: "application/json", example: JSON.parse(text.replace(/"?\{\{[^}]+\}\}"?/g, '"sample"')) };
    } catch {
      return text.trim() ? { contentType: language === "xml" ? "application/xml" : "text/plain", example: text } : null;
    }
  }
  if (mode === "urlencoded" || mode === "formdata") {
    const fields = Object.fromEntries(list(body[mode]).filter((f) => !f.disabled && str(f.key)).map((f) => [str(f.key), substitute(str(f.value), vars)]));
    return { contentType: mode === "urlencoded" ? "application/x-www-form-urlencoded" : "multipart/form-data", example: fields };
  }
  return null;
}

/** `environment` (a Postman environment file's values) overrides the collection's own variables. */
export function postmanToSketches(collection: Obj, environment: ReadonlyMap<string, string> = new Map()): { title: string; sketches: OperationSketch[] } {
  const vars = new Map([...variables(collection.variable), ...environment]);
  const sketches: OperationSketch[] = [];
  const walk = (items: Obj[], inherited: AuthSketch | undefined, folder: string) => {
    for (const item of items) {
      const auth = authOf(item.auth) ?? inherited;
      if (Array.isArray(item.item)) {
        walk(list(item.item), auth, str(item.name));
        continue;
      }
      const req = typeof item.request === "string" ? { url: item.request, method: "GET" } : item.request;
      if (!isObj(req)) continue;
      const url = urlParts(req.url, vars);
      const pathParams: ParamSketch[] = [];
      const path = url.path
        .split("/")
        .map((seg) => {
          const colon = /^:([A-Za-z_][A-Za-z0-9_]*)$/.exec(seg);
          const moustache = /^\{\{\s*([^}]+?)\s*\}\}$/.exec(seg);
          const name = colon?.[1] ?? moustache?.[1];
          if (!name) return seg;
          const raw = url.variables.get(name) ?? (SECRET_NAME.test(name) ? undefined : vars.get(name));
          const example = raw === undefined ? undefined : substitute(raw, vars);
          pathParams.push({ name, ...(example && !example.startsWith("{{") ? { example } : {}) });
          return `{${name}}`;
        })
        .join("/");
      const requestAuth = authOf(req.auth) ?? auth;
      const headers = list(req.header)
        .filter((h) => !h.disabled && str(h.key))
        .map((h) => ({ name: str(h.key), ...(SECRET_NAME.test(str(h.key)) ? {} : { example: substitute(str(h.value), vars) }) }));
      const responses: Record<string, string | null> = {};
      for (const r of list(item.response)) {
        const code = str(r.code);
        if (/^\d{3}$/.test(code)) responses[code] = /json/i.test(JSON.stringify(r.header ?? "")) ? "application/json" : null;
      }
      sketches.push({
        method: str(req.method) || "GET",
        path: path || "/",
        summary: [folder, str(item.name)].filter(Boolean).join(": "),
        pathParams,
        query: url.query,
        headers,
        body: bodyOf(req.body, vars),
        ...(requestAuth ? { auth: requestAuth } : {}),
        responses,
      });
    }
  };
  walk(list(collection.item), authOf(collection.auth), "");
  const info = isObj(collection.info) ? collection.info : {};
  return { title: str(info.name) || "Postman collection", sketches };
}
