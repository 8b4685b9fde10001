// Probing helpers for path wordlists: where to try a path (origin root and the API prefix), reuse of
// exchanges the scan already has, and the random-path baseline that tells a real endpoint from an API
// that answers 200 to everything.
import type { CheckContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";

/** Path prefix of the API: the target URL's own path, else the spec's base path ('' when none). */
export function apiPrefix(ctx: Pick<CheckContext, "target" | "api">): string {
  const fromTarget = new URL(ctx.target.url).pathname.replace(/\/+$/, "");
  return fromTarget || (ctx.api?.basePath ?? "").replace(/\/+$/, "");
}

/** Absolute URLs to try for a root-relative path: at the origin, and under the API prefix when there is one. */
export function candidateUrls(ctx: Pick<CheckContext, "target" | "api">, path: string): string[] {
  const origin = new URL(ctx.target.url).origin;
  const prefix = apiPrefix(ctx);
  const urls = [origin + path];
  if (prefix && !path.startsWith(`${prefix}/`)) urls.push(origin + prefix + path);
  return urls;
}

/** An exchange already recorded for this URL without credentials (saves a request). */
export function recorded(ctx: CheckContext, url: string, method = "GET"): Exchange | undefined {
  return ctx.exchangesAt(url).find((ex) => ex.request.method === method && ex.request.identity === null && ex.response);
}

/** GET (or HEAD) without credentials, reusing a recorded exchange when there is one. */
export async function fetchOnce(ctx: CheckContext, url: string, method: "GET" | "HEAD" = "GET"): Promise<Exchange> {
  return recorded(ctx, url, method) ?? ctx.http.send({ method, url, identity: null, followRedirects: false });
}

/** A path whose last segment has no extension (`/docs`, `/api-docs`): servers may publish it only with a slash. */
export function slashVariant(url: string): string | null {
  const u = new URL(url);
  if (u.pathname.endsWith("/") || /\.[a-z0-9]{1,6}$/i.test(u.pathname)) return null;
  u.pathname += "/";
  return u.href;
}

/**
 * GET without credentials following same-origin redirects (`/docs` → `/docs/`, `/swagger` → `/swagger/index.html`),
 * then the trailing-slash form when the plain one is not found. A recorded answer is reused unless it was a redirect.
 */
export async function fetchPublished(ctx: CheckContext, url: string): Promise<Exchange> {
  const get = async (u: string) => {
    // The index matches up to trailing slashes: only the very URL's answer counts here.
    const prior = ctx.exchangesAt(u).find((ex) => ex.request.method === "GET" && ex.request.identity === null && ex.request.url === u && ex.response);
    const status = prior?.response?.status ?? 0;
    return prior && (status < 300 || status >= 400) ? prior : ctx.http.send({ method: "GET", url: u, identity: null });
  };
  const ex = await get(url);
  const slashed = ex.response?.status === 404 ? slashVariant(url) : null;
  return slashed ? get(slashed) : ex;
}

export interface Baseline {
  status: number;
  contentType: string;
  length: number;
  /** Body with the probed path removed, to compare catch-all pages that echo the path. */
  shape: string;
  /** Start of the raw body, to check that a content signature is not part of the catch-all page. */
  body: string;
}

const BASELINE_KEY = "inventory:baseline";

function profile(ex: Exchange, path: string): Baseline | null {
  const res = ex.response;
  if (!res) return null;
  return {
    status: res.status,
    contentType: res.contentType.split(";")[0]!.trim(),
    length: res.body.length,
    shape: normalise(res.body, path),
    body: res.body.slice(0, 65_536),
  };
}

function normalise(body: string, path: string): string {
  return body.split(path).join("").replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?|\b[0-9a-f]{8}-[0-9a-f-]{27}\b|\b\d{10,13}\b/gi, "").slice(0, 4096);
}

/**
 * How the target answers a path that cannot exist, at the origin root and under the API prefix.
 * Memoised per scan (all wordlist checks share the two requests).
 */
export function baseline(ctx: CheckContext): Promise<Baseline[]> {
  const cached = ctx.shared.get(BASELINE_KEY) as Promise<Baseline[]> | undefined;
  if (cached) return cached;
  const token = `rampart-${Math.random().toString(36).slice(2, 10)}`;
  const run = (async () => {
    const out: Baseline[] = [];
    for (const url of candidateUrls(ctx, `/${token}`)) {
      const ex = await ctx.http.send({ method: "GET", url, identity: null, followRedirects: false });
      const p = profile(ex, new URL(url).pathname);
      if (p) out.push(p);
    }
    return out;
  })();
  ctx.shared.set(BASELINE_KEY, run);
  return run;
}

/** True when a response looks like the catch-all answer (same status and type, near-identical body). */
export function matchesBaseline(ex: Exchange, base: readonly Baseline[]): boolean {
  const res = ex.response;
  if (!res) return true;
  let path = "";
  try {
    path = new URL(ex.request.url).pathname;
  } catch {
    path = "";
  }
  const p = profile(ex, path);
  if (!p) return true;
  return base.some(
    (b) =>
      b.status === p.status &&
      b.contentType === p.contentType &&
      (b.shape === p.shape || Math.abs(b.length - p.length) <= Math.max(16, b.length * 0.05)),
  );
}

/** A response that shows something lives at the path: 2xx with a body (3xx/4xx/5xx and empty bodies do not). */
export function isLive(ex: Exchange): boolean {
  const res = ex.response;
  return !!res && res.status >= 200 && res.status < 300 && res.body.trim().length > 0;
}

/** Framework name from the fingerprint when it is confident enough to promote framework-specific rows. */
export function confidentFramework(ctx: CheckContext): string | null {
  const fw = ctx.fingerprint.framework;
  return fw && fw.confidence >= 0.5 ? fw.name : null;
}

/** The body with the request path (and its encoded form) removed: catch-all pages echo the path, and
 *  a path like /graphiql must not make the page look like GraphiQL. */
export function bodyWithoutPath(ex: Exchange, limit = 262_144): string {
  const body = ex.response?.body.slice(0, limit) ?? "";
  let path = "";
  try {
    path = new URL(ex.request.url).pathname;
  } catch {
    return body;
  }
  if (path.length < 2) return body;
  return body.split(path).join("").split(encodeURIComponent(path)).join("");
}
