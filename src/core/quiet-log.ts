// A log line printer that does not repeat itself: the same line within `windowMs` is counted, not printed,
// and the next time it is printed it says how often it was held back. A scheduler failing every second
// while the database is down prints one line a minute, not sixty.
export type LogLine = (line: string) => void;

export function quietLog(log: LogLine, windowMs = 60_000, now: () => number = Date.now): LogLine {
  const last = new Map<string, { at: number; held: number }>();
  return (line) => {
    const t = now();
    const seen = last.get(line);
    if (seen && t - seen.at < windowMs) {
      seen.held += 1;
      return;
    }
    log(seen?.held ? `${line} (${seen.held} more like it in the last ${Math.round((t - seen.at) / 1000)} s)` : line);
    last.set(line, { at: t, held: 0 });
    // Lines that stopped coming are forgotten, so the map stays small.
    for (const [k, v] of last) if (t - v.at >= windowMs && k !== line) last.delete(k);
  };
}
