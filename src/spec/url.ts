// Builds the concrete URL of an operation: base URL + base path + path template with sample values.
import type { Operation, Parameter } from "../core/types.js";

/** Value for a path segment when the template names a parameter the spec never declared. */
const UNDECLARED_PATH_SAMPLE = "1";

/**
 * Fills path parameters (percent-encoded) and adds required query parameters, using each parameter's
 * sample unless `overrides[name]` gives a value. An override for an optional query parameter adds it.
 * The base path is not added twice when `baseUrl` already ends with it.
 */
export function operationUrl(op: Operation, baseUrl: string, basePath: string, overrides?: Record<string, string>): string {
  if (overrides) return buildUrl(op, baseUrl, basePath, overrides);
  // The plain URL of an operation is asked for by the crawl and by most checks, for every operation.
  const known = plainUrls.get(op);
  if (known && known.baseUrl === baseUrl && known.basePath === basePath) return known.url;
  const url = buildUrl(op, baseUrl, basePath, NO_OVERRIDES);
  plainUrls.set(op, { baseUrl, basePath, url });
  return url;
}

const NO_OVERRIDES: Record<string, string> = Object.freeze({}) as Record<string, string>;
const plainUrls = new WeakMap<Operation, { baseUrl: string; basePath: string; url: string }>();

function buildUrl(op: Operation, baseUrl: string, basePath: string, overrides: Record<string, string>): string {
  const byName = new Map<string, Parameter>();
  for (const p of op.parameters) if (p.in === "path") byName.set(p.name, p);

  const path = op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = own(overrides, name) ?? byName.get(name)?.sample ?? UNDECLARED_PATH_SAMPLE;
    return encodeURIComponent(value);
  });

  const query: string[] = [];
  for (const p of op.parameters) {
    if (p.in !== "query") continue;
    const value = own(overrides, p.name) ?? (p.required ? p.sample : undefined);
    if (value === undefined) continue;
    query.push(`${encodeURIComponent(p.name)}=${encodeURIComponent(value)}`);
  }

  const url = joinUrl(baseUrl, basePath, path);
  if (query.length === 0) return url;
  return `${url}${url.includes("?") ? "&" : "?"}${query.join("&")}`;
}

/** Joins base URL, base path and path with exactly one slash between parts (query of baseUrl kept). */
export function joinUrl(baseUrl: string, basePath: string, path: string): string {
  const q = baseUrl.search(/[?#]/);
  const head = (q === -1 ? baseUrl : baseUrl.slice(0, q)).replace(/\/+$/, "");
  const tail = q === -1 ? "" : baseUrl.slice(q).replace(/#.*$/, "");
  const bp = trimSlashes(basePath);
  const base = bp && !head.endsWith(`/${bp}`) ? `${head}/${bp}` : head;
  const p = path.replace(/^\/+/, "");
  const joined = path ? `${base}/${p}` : base || "/";
  if (!tail) return joined;
  return `${joined}${tail}`;
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+/, "").replace(/\/+$/, "");
}

function own(rec: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}
