// A memo with a ceiling: long scans and long-lived servers ask about an open-ended set of keys (path
// segments, credentials, responses), so what is remembered is capped and the oldest entry goes first.

/** `derive`, remembered for at most `size` keys (compared as Map keys); the oldest is dropped when full. */
export function boundedMemo<K, V>(derive: (key: K) => V, size: number): (key: K) => V {
  const kept = new Map<K, V>();
  return (key) => {
    if (kept.has(key)) return kept.get(key) as V;
    const value = derive(key);
    if (kept.size >= size) kept.delete(kept.keys().next().value as K);
    kept.set(key, value);
    return value;
  };
}
