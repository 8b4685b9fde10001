// DSNs found in one response, analysed once and shared by db-dsn-exposed and db-dsn-insecure-sslmode.
import type { CheckContext } from "../../../core/check.js";
import type { Exchange } from "../../../core/types.js";
import { analyzeDsn, type DsnAnalysis } from "../../../db/dsn.js";
import { findDsnCandidates, unescapeSlashes } from "../../../patterns/dsn.js";
import { locate, responseText } from "./_exchange-text.js";

export interface FoundDsn {
  analysis: DsnAnalysis;
  /** Where in the response it was (never quoting neighbouring text). */
  where: string;
}

export function dsnsIn(ex: Exchange, ctx: CheckContext): FoundDsn[] {
  const key = `encryption.db:dsns:${ex.id}`;
  const cached = ctx.shared.get(key) as FoundDsn[] | undefined;
  if (cached) return cached;
  const raw = responseText(ex);
  const found: FoundDsn[] = [];
  if (raw) {
    const text = unescapeSlashes(raw);
    const seen = new Set<string>();
    for (const c of findDsnCandidates(text)) {
      const analysis = analyzeDsn(c.text);
      if (!analysis || analysis.hosts.length === 0 || seen.has(analysis.redacted)) continue;
      seen.add(analysis.redacted);
      found.push({ analysis, where: locate(text, c.index) });
    }
  }
  ctx.shared.set(key, found);
  return found;
}
