// DSNs found in one response, analysed once and shared by db-dsn-exposed and db-dsn-insecure-sslmode.
import type { Exchange } from "../../../core/types.js";
import { analyzeDsn, type DsnAnalysis } from "../../../db/dsn.js";
import { findDsnCandidates, unescapeSlashes } from "../../../patterns/dsn.js";
import { lastArgument } from "../../../patterns/memo.js";
import { locate, responseText } from "./_exchange-text.js";

export interface FoundDsn {
  analysis: DsnAnalysis;
  /** Where in the response it was (never quoting neighbouring text). */
  where: string;
}

/** The DSNs of an exchange, remembered for the exchange analysed last (both checks ask one after the
 *  other; an entry per exchange kept for the whole scan would hold every exchange's answer). */
export const dsnsIn: (ex: Exchange) => FoundDsn[] = lastArgument((ex: Exchange) => {
  const raw = responseText(ex);
  return raw ? dsnsInText(raw) : [];
});

/** The DSNs of a response text. */
function dsnsInText(raw: string): FoundDsn[] {
  const found: FoundDsn[] = [];
  const text = unescapeSlashes(raw);
  const seen = new Set<string>();
  for (const c of findDsnCandidates(text)) {
    const analysis = analyzeDsn(c.text);
    if (!analysis || analysis.hosts.length === 0 || seen.has(analysis.redacted)) continue;
    seen.add(analysis.redacted);
    found.push({ analysis, where: locate(text, c.index) });
  }
  return found;
}
