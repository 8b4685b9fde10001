// Manual redirect following: only within the target's exact origin, at most MAX_REDIRECTS hops,
// loops detected. A cross-origin or cross-scheme Location is left for checks to inspect.
import type { HttpMethod } from "../core/types.js";
import { copyHeaders, finish, type PreparedRequest, redraft } from "./prepare.js";
import type { Secret } from "./redact.js";

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface RedirectState {
  /** `METHOD url` of every request of this chain so far. */
  seen: Set<string>;
  hops: number;
  targetOrigin: string;
  secrets: readonly Secret[];
}

/** The next hop (credentials attached again), a reason to stop (string), or null when not followed. */
export function nextHop(p: PreparedRequest, status: number, location: string | null, state: RedirectState): PreparedRequest | string | null {
  if (!REDIRECT_STATUSES.has(status) || !location) return null;
  let next: URL;
  try {
    next = new URL(location, p.url);
  } catch {
    return null;
  }
  if (next.origin !== state.targetOrigin) return null; // credentials never follow to another origin
  if (state.hops >= MAX_REDIRECTS) return `too many redirects (more than ${MAX_REDIRECTS})`;
  // As browsers do: 303 always, and 301/302 after a POST, continue as GET without the body.
  const toGet = status === 303 || ((status === 301 || status === 302) && p.method === "POST");
  const method: HttpMethod = toGet && p.method !== "HEAD" ? "GET" : p.method;
  const headers = copyHeaders(p.draftHeaders);
  let body = p.body;
  if (method !== p.method) {
    body = null;
    delete headers["content-type"];
  }
  const hop = finish(redraft(p, { method, url: next, headers, body }), state.secrets);
  const key = `${hop.method} ${hop.url.href}`;
  if (state.seen.has(key)) return `redirect loop at ${hop.recordedUrl}`;
  state.seen.add(key);
  return hop;
}
