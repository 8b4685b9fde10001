// HAR 1.2 (browser or proxy traffic) → operation sketches. Only the API's own requests are kept: the host
// most requests went to, minus static assets. Concrete ids in paths become parameters; query values,
// bodies and headers become samples with every credential left out (Authorization, cookies, secret-named
// fields), and the credential kind that was used becomes the operation's security scheme.
import { SECRET_NAME } from "./secret-names.js";
import { templatePath, type AuthSketch, type OperationSketch } from "./sketch.js";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

const STATIC = /\.(?:js|mjs|css|map|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|eot|html?)$/i;
const STATIC_TYPES = /^(?:text\/(?:html|css|javascript)|image\/|font\/|application\/javascript)/i;

export function isHar(value: unknown): boolean {
  return isObj(value) && isObj(value.log) && Array.isArray(value.log.entries);
}

function authOf(headers: Obj[], query: Obj[]): AuthSketch | undefined {
  for (const h of headers) {
    const name = str(h.name).toLowerCase();
    const value = str(h.value);
    if (name === "authorization") return /^basic /i.test(value) ? { type: "basic" } : { type: "bearer" };
    if (/^x-(?:api-?key|auth-token)$/.test(name)) return { type: "apiKey", in: "header", name: str(h.name) };
  }
  const q = query.find((x) => SECRET_NAME.test(str(x.name)));
  if (q) return { type: "apiKey", in: "query", name: str(q.name) };
  return undefined;
}

function bodyOf(post: unknown): OperationSketch["body"] {
  if (!isObj(post)) return null;
  const type = (str(post.mimeType).split(";")[0] ?? "").trim() || "application/octet-stream";
  const text = str(post.text);
  if (/json/i.test(type)) {
    try {
      return { contentType: "application/json", example: JSON.parse(text) };
    } catch {
      return null;
    }
  }
  if (/x-www-form-urlencoded/i.test(type)) {
    const params = list(post.params);
    const fields = params.length ? params.map((p) => [str(p.name), str(p.value)]) : [...new URLSearchParams(text)];
    return { contentType: type, example: Object.fromEntries(fields) };
  }
  return text ? { contentType: type, example: text } : null;
}

export function harToSketches(har: Obj): { title: string; sketches: OperationSketch[]; origin: string | null } {
  const entries = list((har.log as Obj).entries).filter((e) => isObj(e.request));
  const hosts = new Map<string, number>();
  const parsed = entries.flatMap((e) => {
    try {
      const url = new URL(str((e.request as Obj).url));
      hosts.set(url.origin, (hosts.get(url.origin) ?? 0) + 1);
      return [{ e, url }];
    } catch {
      return [];
    }
  });
  const origin = [...hosts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  const sketches: OperationSketch[] = [];
  for (const { e, url } of parsed) {
    if (url.origin !== origin) continue;
    const req = e.request as Obj;
    const res = isObj(e.response) ? e.response : {};
    const resType = isObj(res.content) ? str(res.content.mimeType) : "";
    if (STATIC.test(url.pathname) || (STATIC_TYPES.test(resType) && str(req.method).toUpperCase() === "GET")) continue;
    const headers = list(req.headers);
    const query = list(req.queryString).length ? list(req.queryString) : [...url.searchParams].map(([name, value]) => ({ name, value }));
    const { path, params } = templatePath(url.pathname);
    const status = str(res.status);
    sketches.push({
      method: str(req.method) || "GET",
      path,
      pathParams: params,
      query: query.filter((q) => !SECRET_NAME.test(str(q.name))).map((q) => ({ name: str(q.name), example: str(q.value) })),
      headers: headers.map((h) => ({ name: str(h.name), ...(SECRET_NAME.test(str(h.name)) ? {} : { example: str(h.value) }) })),
      body: bodyOf(req.postData),
      // A request that carried no credential was answered without one: public, as far as the traffic shows.
      auth: authOf(headers, query) ?? { type: "none" },
      responses: /^\d{3}$/.test(status) ? { [status]: (resType.split(";")[0] ?? "").trim() || null } : {},
    });
  }
  return { title: origin ? `traffic to ${origin}` : "HAR file", sketches, origin };
}
