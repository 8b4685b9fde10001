// Endpoint discovery: finds live routes the API description leaves out, within a share of the request
// budget and with safe methods only. Candidates come from what the API reveals (robots.txt, sitemap.xml,
// /.well-known, Link headers, HATEOAS links, same-origin URLs in bodies, routes named in same-origin
// JavaScript bundles), from siblings of documented routes (other versions, nested paths) and from a tiered
// wordlist, each tried at the origin and under every base path. A candidate counts only when its answer
// differs from what "not found" looks like under its prefix (status, type, size, template), so a
// catch-all 200, a SPA shell or a redirect to a login page is never a discovery.
import { BudgetExhaustedError, PolicyError } from "../core/errors.js";
import type { HttpClient } from "../core/check.js";
import type { Exchange } from "../core/types.js";
import { DISCOVERY_PATHS, DISCOVERY_SHARE, LINK_SOURCES, NESTED_SUFFIXES, VERSION_SIBLINGS } from "../patterns/discovery-paths.js";

export const DISCOVER_LEVELS = ["off", "standard", "deep"] as const;
export type DiscoverLevel = (typeof DISCOVER_LEVELS)[number];

export interface DiscoveredEndpoint {
  method: "GET";
  /** Path from the origin root. */
  path: string;
  /** How it was found: wordlist, version-sibling, nested, robots.txt, sitemap.xml, well-known, link, js-bundle. */
  how: string;
  status: number;
}

export interface DiscoveryInput {
  http: HttpClient;
  targetUrl: string;
  /** API base paths ('' for the origin root is always included). */
  basePaths: readonly string[];
  /** Documented operation paths (templates), relative to the base path. */
  documented: readonly string[];
  level: Exclude<DiscoverLevel, "off">;
  /** The scan's whole budget: discovery spends at most its share. */
  budget: number;
  identity: string | null;
  /** Paths already known (the spec document itself): never reported. */
  known?: readonly string[];
}

export interface DiscoveryResult {
  found: DiscoveredEndpoint[];
  requests: number;
  allowance: number;
}

interface NotFound {
  status: number;
  type: string;
  length: number;
  shape: string;
  location: string;
}

const ASSET = /\.(?:css|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|eot|map|mp4|pdf)$/i;

function profile(ex: Exchange): NotFound | null {
  const r = ex.response;
  if (!r) return null;
  let path = "";
  try {
    path = new URL(ex.request.url).pathname;
  } catch {
    path = "";
  }
  const shape = (path.length > 1 ? r.body.split(path).join("") : r.body)
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?|\b[0-9a-f]{8}-[0-9a-f-]{27}\b|\b\d{10,13}\b|rampart-[a-z0-9]+/gi, "")
    .slice(0, 4096);
  return { status: r.status, type: (r.contentType.split(";")[0] ?? "").trim(), length: r.body.length, shape, location: r.headers["location"] ?? "" };
}

/** The template of a page: its markup and punctuation without the words and numbers in it. */
const skeleton = (shape: string): string => shape.replace(/[A-Za-z0-9_\s]+/g, "").slice(0, 2000);

function looksNotFound(p: NotFound, base: NotFound): boolean {
  if (p.status !== base.status || p.type !== base.type) return false;
  if (p.status >= 300 && p.status < 400) return true; // same kind of redirect as a random path
  if (p.shape === base.shape) return true;
  // A near size alone is not enough: the page's template (its punctuation skeleton) must match too.
  return Math.abs(p.length - base.length) <= Math.max(16, base.length * 0.05) && skeleton(p.shape) === skeleton(base.shape);
}

/** Whether an answer shows a live route, given what "not found" looks like under its prefix. */
function isDiscovery(ex: Exchange, base: NotFound | undefined): boolean {
  const p = profile(ex);
  if (!p) return false;
  if (base && looksNotFound(p, base)) return false;
  if (p.status >= 300 && p.status < 400) return false; // a redirect (to a login page or elsewhere) proves nothing
  if (p.status >= 200 && p.status < 300) return p.length > 0 && !/<form[^>]+(?:password|login)/i.test(ex.response?.body.slice(0, 20_000) ?? "");
  // Protected: refused where a random path is "not found".
  return (p.status === 401 || p.status === 403 || p.status === 405) && (base?.status ?? 404) === 404;
}

function templateRegex(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{.*\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}/?$`);
}

/** Same-origin paths a body or header names: Link headers, href/_links, absolute URLs and quoted paths. */
export function revealedPaths(ex: Exchange, origin: string): string[] {
  const out = new Set<string>();
  const add = (raw: string) => {
    try {
      const u = new URL(raw, origin);
      if (u.origin === origin && !ASSET.test(u.pathname) && u.pathname.length < 200) out.add(u.pathname.replace(/\/+$/, "") || "/");
    } catch {
      // not a URL
    }
  };
  const link = ex.response?.headers["link"] ?? "";
  for (const m of link.matchAll(/<([^>]+)>/g)) add(m[1] as string);
  const body = ex.response?.body.slice(0, 500_000) ?? "";
  for (const m of body.matchAll(/"(?:href|url|self|next|related)"\s*:\s*"([^"]{1,200})"/g)) add(m[1] as string);
  const escaped = origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  for (const m of body.matchAll(new RegExp(`${escaped}(/[A-Za-z0-9_\\-./{}]*)`, "g"))) add(m[1] as string);
  return [...out];
}

/** API routes named in a JavaScript bundle: quoted root-relative paths under /api or a version segment. */
export function bundleRoutes(js: string): string[] {
  const out = new Set<string>();
  for (const m of js.slice(0, 2_000_000).matchAll(/["'`](\/(?:api|v\d+|internal|admin|graphql|rest)(?:\/[A-Za-z0-9_\-.]*)*)["'`]/g)) {
    out.add((m[1] as string).replace(/\/+$/, "") || "/");
  }
  return [...out];
}

function robotsPaths(text: string): string[] {
  return [...text.matchAll(/^\s*(?:dis)?allow\s*:\s*(\/[^\s*$#]*)/gim)].map((m) => m[1] as string).filter((p) => p.length > 1);
}

function sitemapPaths(text: string): string[] {
  return [...text.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => m[1] as string);
}

/** Requests discovery may spend at this level out of the scan's budget. */
export function discoveryAllowance(level: Exclude<DiscoverLevel, "off">, budget: number): number {
  const share = DISCOVERY_SHARE[level];
  return Math.max(0, Math.min(share.max, Math.floor(budget * share.share)));
}

export async function discoverEndpoints(input: DiscoveryInput): Promise<DiscoveryResult> {
  const origin = new URL(input.targetUrl).origin;
  const allowance = discoveryAllowance(input.level, input.budget);
  const prefixes = [...new Set(["", ...input.basePaths.map((b) => b.replace(/\/+$/, ""))])];
  const documented = prefixes.flatMap((p) => input.documented.map((d) => templateRegex(p + d)));
  const isDocumented = (path: string) => documented.some((re) => re.test(path));
  let requests = 0;
  const found: DiscoveredEndpoint[] = [];
  const seen = new Set<string>((input.known ?? []).map((k) => k.replace(/\/+$/, "") || "/"));
  const notFound = new Map<string, NotFound>();

  const get = async (path: string): Promise<Exchange | null> => {
    if (requests >= allowance) return null;
    requests++;
    try {
      return await input.http.send({ method: "GET", url: origin + path, identity: input.identity, followRedirects: false });
    } catch (e) {
      if (e instanceof PolicyError) return null;
      if (e instanceof BudgetExhaustedError) {
        requests = allowance;
        return null;
      }
      throw e;
    }
  };
  const baseFor = (path: string): NotFound | undefined => {
    const prefix = prefixes.filter((p) => p && path.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0] ?? "";
    return notFound.get(prefix);
  };

  // What "not found" looks like under each prefix.
  for (const p of prefixes) {
    const ex = await get(`${p}/rampart-${Math.random().toString(36).slice(2, 10)}`);
    const prof = ex ? profile(ex) : null;
    if (prof) notFound.set(p, prof);
  }

  const queue: { path: string; how: string }[] = [];
  const enqueue = (path: string, how: string) => {
    const clean = path.replace(/\/+$/, "") || "/";
    if (clean === "/" || seen.has(clean) || isDocumented(clean) || /\{|\}/.test(clean)) return;
    seen.add(clean);
    queue.push({ path: clean, how });
  };
  const judge = (ex: Exchange | null, path: string, how: string) => {
    if (!ex?.response) return;
    if (isDiscovery(ex, baseFor(path))) {
      found.push({ method: "GET", path, how, status: ex.response.status });
      if (ex.response.status < 300) for (const p of revealedPaths(ex, origin)) enqueue(p, "link");
    }
  };

  // 1. What the API reveals: its root page (and the bundles it loads), robots.txt, sitemap.xml, well-known documents.
  const root = await get("/");
  if (root?.response) {
    for (const p of revealedPaths(root, origin)) enqueue(p, "link");
    const scripts = [...root.response.body.matchAll(/<script[^>]+src=["']([^"']+)["']/gi)].map((m) => m[1] as string).slice(0, 5);
    for (const src of scripts) {
      let url: URL;
      try {
        url = new URL(src, origin);
      } catch {
        continue;
      }
      if (url.origin !== origin) continue;
      const js = await get(url.pathname);
      for (const r of js?.response && js.response.status < 300 ? bundleRoutes(js.response.body) : []) enqueue(r, "js-bundle");
    }
  }
  for (const source of LINK_SOURCES) {
    const ex = await get(source);
    const r = ex?.response;
    if (!r || r.status >= 300 || (baseFor(source) && looksNotFound(profile(ex)!, baseFor(source)!))) continue;
    const how = source.includes(".well-known") ? "well-known" : source.slice(1);
    const paths = source === "/robots.txt" ? robotsPaths(r.body) : source === "/sitemap.xml" ? sitemapPaths(r.body) : revealedPaths(ex, origin);
    for (const p of paths) {
      try {
        enqueue(new URL(p, origin).origin === origin ? new URL(p, origin).pathname : "/", how);
      } catch {
        // ignore
      }
    }
  }

  // 2. Siblings of documented routes: other versions, then (deep) nested paths under collections.
  const withPrefix = prefixes.flatMap((p) => input.documented.map((d) => p + d));
  for (const path of withPrefix) {
    const m = /^(.*?\/)(v\d+(?:\.\d+)?)(\/.*)?$/i.exec(path);
    if (!m) continue;
    const rest = (m[3] ?? "").split("/").slice(0, 2).join("/");
    for (const sibling of VERSION_SIBLINGS) if (sibling !== m[2]?.toLowerCase()) enqueue(`${m[1]}${sibling}${rest}`, "version-sibling");
  }
  if (input.level === "deep") {
    for (const path of withPrefix) if (!/\{[^}]+\}$/.test(path)) for (const s of NESTED_SUFFIXES) enqueue(`${path.replace(/\/+$/, "")}/${s}`, "nested");
  }

  // 3. The wordlist, at the origin and under every base path.
  const maxTier = input.level === "deep" ? 2 : 1;
  for (const row of DISCOVERY_PATHS) if (row.tier <= maxTier) for (const p of prefixes) enqueue(p + row.path, "wordlist");

  // Revealed links first, then siblings, then the wordlist; links found on the way join the queue.
  for (let i = 0; i < queue.length && requests < allowance; i++) {
    const { path, how } = queue[i] as { path: string; how: string };
    judge(await get(path), path, how);
  }
  return { found, requests, allowance };
}
