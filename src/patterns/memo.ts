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

/** The lower-case form of a text, for keyword pre-filters: several detectors ask for the same body's. */
export const lowerCase: (text: string) => string = lastArgument((text: string) => text.toLowerCase());
