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
  // The text asked last, answered without a map lookup (several callers ask about one text in turn).
  let lastText: string | null = null;
  let lastValue: V;
  return (text, arg) => {
    if (text === lastText) return lastValue;
    if (text.length > maxLength) return derive(text, arg);
    let value = kept.get(text);
    if (value !== undefined || kept.has(text)) {
      kept.delete(text);
    } else {
      value = derive(text, arg);
      if (kept.size >= size) kept.delete(kept.keys().next().value as string);
    }
    kept.set(text, value as V);
    lastText = text;
    lastValue = value as V;
    return value as V;
  };
}

/**
 * Which characters a text holds, as a 128-bit set (four 32-bit words; a character past ASCII counts as
 * its code modulo 128): a keyword can occur in a text only when every one of its characters does, so
 * `mayContain` rules most keywords out before a substring search. Kept for the last text asked (the
 * tables of one response ask about its lower-case body in turn).
 */
export type CharSet = readonly [number, number, number, number];

export function charSet(text: string): CharSet {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i) & 127;
    const bit = 1 << (code & 31);
    const word = code >> 5;
    if (word === 0) a |= bit;
    else if (word === 1) b |= bit;
    else if (word === 2) c |= bit;
    else d |= bit;
  }
  return [a, b, c, d];
}

/** charSet, remembered for the last few texts. */
export const textCharSet: (text: string) => CharSet = recentArguments(charSet);

/** False when `text` (whose set is `has`) cannot contain a keyword whose set is `needs`. */
export function mayContain(has: CharSet, needs: CharSet): boolean {
  return (has[0] & needs[0]) === needs[0] && (has[1] & needs[1]) === needs[1] && (has[2] & needs[2]) === needs[2] && (has[3] & needs[3]) === needs[3];
}

/** Whether a lower-case text contains one of the keywords (`chars`: their charSets, in order), as
 *  `keywords.some((k) => lower.includes(k))`. */
export function containsAny(lower: string, keywords: readonly string[], chars: readonly CharSet[]): boolean {
  const has = textCharSet(lower);
  for (let k = 0; k < keywords.length; k++) if (mayContain(has, chars[k]!) && lower.includes(keywords[k]!)) return true;
  return false;
}
