// Memoises what analyzers derive from the exchange (or response, or text) being analysed. The engine runs
// every analyzer on one exchange before it moves to the next, so repeats happen for the latest argument
// only: keeping just that one costs nothing across the scan, where a cache per response would hold every
// derived body until the scan ends.

/** `derive`, remembered for the last argument it was called with (compared with ===). */
export function lastArgument<K, V>(derive: (key: K) => V): (key: K) => V {
  let seen = false;
  let lastKey: K;
  let lastValue: V;
  return (key) => {
    if (!seen || key !== lastKey) {
      lastValue = derive(key);
      lastKey = key;
      seen = true;
    }
    return lastValue;
  };
}

/** `derive`, remembered for the last few arguments (compared with ===), for callers that alternate
 *  between a handful of them (a response's body, its headers-and-body text, an unescaped view). */
export function recentArguments<K, V>(derive: (key: K) => V, size = 4): (key: K) => V {
  const keys: K[] = [];
  const values: V[] = [];
  let next = 0;
  return (key) => {
    const at = keys.indexOf(key);
    if (at >= 0) return values[at]!;
    const value = derive(key);
    keys[next] = key;
    values[next] = value;
    next = (next + 1) % size;
    return value;
  };
}

/** The lower-case form of a text, for keyword pre-filters: several detectors ask for the same body's
 *  (and its other views') in turn. */
export const lowerCase: (text: string) => string = recentArguments((text: string) => text.toLowerCase());

/**
 * A URL string parsed, or null when it does not parse: remembered for the last string asked, since the
 * analyzers of one exchange ask about its request URL one after another. The URL is shared: read it,
 * never modify it (copy with `new URL(u.href)` to change one).
 */
export const parsedUrl: (url: string) => URL | null = lastArgument((url: string) => {
  try {
    return new URL(url);
  } catch {
    return null;
  }
});

/**
 * `derive` of a text, remembered by the text's content for the last `size` texts (most recently used
 * kept): for pure detectors, whose answer for one text is the answer for every copy of it (one error body
 * on every operation). `arg`, when given, must be a function of the text (e.g. the text parsed), for
 * callers that have it already. Texts longer than `maxLength` are not kept (seldom repeated, and kept
 * alive while remembered). The answer is shared between callers: read it, never modify it.
 */
export function recentTexts<V, A = void>(derive: (text: string, arg: A) => V, size = 16, maxLength = 16_384): (text: string, arg: A) => V {
  const kept = new Map<string, V>();
  return (text, arg) => {
    if (text.length > maxLength) return derive(text, arg);
    if (kept.has(text)) {
      const value = kept.get(text) as V;
      kept.delete(text);
      kept.set(text, value);
      return value;
    }
    const value = derive(text, arg);
    if (kept.size >= size) kept.delete(kept.keys().next().value as string);
    kept.set(text, value);
    return value;
  };
}
