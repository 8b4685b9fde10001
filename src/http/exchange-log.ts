// The scan's recorded exchanges with the lookups checks need, indexed as they are recorded: by operation
// and by request URL. Checks ask per operation and per probed URL, so a scan over the whole list for
// each question (or a copy of it for each call) would grow with the square of the API's size.
import type { Exchange } from "../core/types.js";

const NONE: readonly Exchange[] = Object.freeze([]);

/**
 * The key two request URLs share when they name the same resource: origin, path without trailing
 * slashes and query; a string that does not parse as a URL is its own key.
 */
export function urlKey(url: string): string {
  return serializedKey(url) ?? parsedKey(url);
}

// What an http(s) href as URL serialises it may hold, so that parsing it again changes nothing: a
// lower-case host (no user info), a port that is not the scheme's default, a path and query without
// characters the serialiser escapes, without backslashes and without dot segments.
const SERIALIZED = /^(https?:)\/\/([a-z0-9.-]+)(?::([1-9][0-9]{0,4}))?(\/[!$-;=@-Z[\]^_a-z|~]*)(\?[!$-&(-;=?-~]*)?(?:#.*)?$/s;
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;
const DEFAULT_PORT: Readonly<Record<string, string>> = { "http:": "80", "https:": "443" };
const NUMERIC_LABEL = /(?:^|\.)(?:\d+|0x[0-9a-f]*)(?:\.|$)/;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const DOTTED_QUAD = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

/** The key of a URL already in serialised form, read from the string; null when it may not be. */
function serializedKey(url: string): string | null {
  const m = SERIALIZED.exec(url);
  if (!m) return null;
  const [, scheme, host, port, path, query] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
  if (port === DEFAULT_PORT[scheme] || (port && Number(port) > 65535) || DOT_SEGMENT.test(path)) return null;
  // A numeric label makes the host an IPv4 address the parser may rewrite (0x7f.1 → 127.0.0.1), and an
  // xn-- label is checked by it: only plain names and canonical dotted quads are taken as they are.
  if ((NUMERIC_LABEL.test(host) && !DOTTED_QUAD.test(host)) || host.includes("xn--")) return null;
  // URL's search is empty for a bare "?".
  return `${scheme}//${host}${port ? `:${port}` : ""}${path.replace(/\/+$/, "")}${query && query !== "?" ? query : ""}`;
}

/** The key through a full parse (any string, any form). */
function parsedKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}${u.search}`;
  } catch {
    return `\0${url}`;
  }
}

export interface ExchangeLog {
  add(ex: Exchange): void;
  /** Every exchange so far, in recording order; the same frozen array until the next one is added. */
  all(): readonly Exchange[];
  /** Exchanges of one operation (by its key), in recording order. */
  forOperation(key: string): readonly Exchange[];
  /** Exchanges whose recorded request URL has this URL's key (see urlKey), in recording order. */
  at(url: string): readonly Exchange[];
}

function push<K>(index: Map<K, Exchange[]>, key: K, ex: Exchange): void {
  const list = index.get(key);
  if (list) list.push(ex);
  else index.set(key, [ex]);
}

export function createExchangeLog(): ExchangeLog {
  const list: Exchange[] = [];
  const byOperation = new Map<string, Exchange[]>();
  // Filed by URL only when asked (parsing every recorded URL cost more than the few questions asked):
  // exchanges before `urlIndexed` are filed, the others are filed, in order, by the next question.
  const byUrl = new Map<string, Exchange[]>();
  let urlIndexed = 0;
  let snapshot: readonly Exchange[] | null = NONE;
  const byUrlUpToDate = (): Map<string, Exchange[]> => {
    for (; urlIndexed < list.length; urlIndexed++) push(byUrl, urlKey(list[urlIndexed]!.request.url), list[urlIndexed]!);
    return byUrl;
  };
  return {
    add(ex) {
      list.push(ex);
      snapshot = null;
      if (ex.operation) push(byOperation, ex.operation.key, ex);
    },
    all() {
      snapshot ??= Object.freeze(list.slice());
      return snapshot;
    },
    // Copies: a caller may hold the answer across awaits while more exchanges are recorded.
    forOperation: (key) => byOperation.get(key)?.slice() ?? NONE,
    at: (url) => byUrlUpToDate().get(urlKey(url))?.slice() ?? NONE,
  };
}
