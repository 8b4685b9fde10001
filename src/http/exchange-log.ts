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
