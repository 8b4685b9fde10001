// Fingerprint: framework, server, database and auth style from recorded exchanges, each with a
// confidence (distinct rules combine as 1 − Π(1 − w)) and the evidence that decided it. Pure.
import type { Exchange, Fingerprint, FingerprintItem } from "../core/types.js";
import { DEBUG_PAGE_ROWS, SQL_ERROR_ROWS } from "../patterns/error-signatures.js";
import { FINGERPRINT_RULES, REFINES, type FingerprintKind, type FingerprintRule } from "../patterns/fingerprints.js";
import { scrubContext } from "../patterns/redact.js";
import { compileTable } from "../patterns/table.js";
import { textViews } from "../patterns/text.js";

const BODY_LIMIT = 65_536;
const MAX_EXCHANGES = 5000;

// Error-signature rows as database/framework evidence: specific rows weigh more than generic ones.
const SQL_EVIDENCE = compileTable(SQL_ERROR_ROWS.filter((r) => r.database !== "sql"));
const DEBUG_EVIDENCE = compileTable(DEBUG_PAGE_ROWS.filter((r) => r.framework !== null));

interface Tally {
  weights: Map<string, number>;
  evidence: string[];
  version?: string;
}

type Board = Record<FingerprintKind, Map<string, Tally>>;

function add(board: Board, kind: FingerprintKind, name: string, ruleId: string, weight: number, says: string, version?: string): void {
  let t = board[kind].get(name);
  if (!t) board[kind].set(name, (t = { weights: new Map(), evidence: [] }));
  if (t.weights.has(ruleId)) return;
  t.weights.set(ruleId, weight);
  if (t.evidence.length < 6) t.evidence.push(says);
  if (version && !t.version) t.version = version;
}

function statusFits(status: number, want: "error" | "ok" | "404" | undefined): boolean {
  if (want === "error") return status >= 400;
  if (want === "ok") return status >= 200 && status < 300;
  if (want === "404") return status === 404;
  return true;
}

function applyRule(rule: FingerprintRule, ex: Exchange, body: string): { version?: string; says: string } | null {
  const res = ex.response!;
  const src = rule.source;
  let text: string | undefined;
  if (src.in === "header") text = res.headers[src.name];
  else if (src.in === "request-header") text = ex.request.headers[src.name];
  else if (src.in === "cookie") text = res.headers["set-cookie"];
  else {
    if (!statusFits(res.status, src.status)) return null;
    if (src.contentType && !src.contentType.test(res.contentType)) return null;
    text = body;
  }
  if (!text) return null;
  const m = rule.match.exec(text);
  if (!m) return null;
  const version = rule.version ? (m.slice(1).find((g) => g !== undefined) ?? undefined) : undefined;
  const where = src.in === "body" ? ` (${ex.request.method} ${pathOf(ex)} → ${res.status})` : "";
  return { version, says: `${rule.says}${version ? ` ${version}` : ""}${where}` };
}

function pathOf(ex: Exchange): string {
  try {
    return new URL(ex.request.url).pathname;
  } catch {
    return ex.request.url;
  }
}

function confidence(t: Tally): number {
  let miss = 1;
  for (const w of t.weights.values()) miss *= 1 - w;
  return Math.round((1 - miss) * 100) / 100;
}

function item(name: string, t: Tally): FingerprintItem {
  const out: FingerprintItem = { name, confidence: confidence(t), evidence: t.evidence.map((e) => scrubContext(e)) };
  if (t.version) out.version = t.version;
  return out;
}

/** The strongest candidate; a refining name (cockroachdb over postgresql) wins when it has evidence of its own. */
function best(tallies: Map<string, Tally>): FingerprintItem | null {
  const ranked = [...tallies].map(([name, t]) => item(name, t)).sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
  let top = ranked[0];
  if (!top) return null;
  const refiner = ranked.find((r) => REFINES[r.name] === top!.name && r.confidence >= 0.5);
  if (refiner) {
    const general = top;
    // A copy: the board may take more exchanges after this answer (see Fingerprinter).
    const own = tallies.get(refiner.name)!;
    const merged: Tally = { ...own, weights: new Map(own.weights) };
    for (const [id, w] of tallies.get(general.name)!.weights) merged.weights.set(id, w);
    top = { ...item(refiner.name, merged), evidence: [...refiner.evidence, ...general.evidence].slice(0, 6) };
  }
  return top;
}

/** Ids of the table rules one exchange satisfies (for the rule corpus and for debugging a fingerprint). */
export function ruleHits(ex: Exchange): string[] {
  if (!ex.response) return [];
  const body = ex.response.body.slice(0, BODY_LIMIT);
  return FINGERPRINT_RULES.filter((rule) => applyRule(rule, ex, body) !== null).map((rule) => rule.id);
}

export function fingerprint(exchanges: readonly Exchange[]): Fingerprint {
  return new Fingerprinter().update(exchanges).result();
}

/**
 * A fingerprint grown as a scan records more: `update` reads only the exchanges it has not seen (the list
 * is the scan's append-only record), so asking again after the probes does not read the crawl again.
 */
export class Fingerprinter {
  private readonly board: Board = { framework: new Map(), server: new Map(), database: new Map(), auth: new Map() };
  private readonly pending = new Set(FINGERPRINT_RULES);
  private read = 0;
  private seen = 0;

  update(exchanges: readonly Exchange[]): this {
    const { board, pending } = this;
    for (; this.read < exchanges.length && this.seen < MAX_EXCHANGES; this.read++) {
      const ex = exchanges[this.read]!;
      if (!ex.response) continue;
      this.seen++;
      const body = ex.response.body.slice(0, BODY_LIMIT);
      for (const rule of pending) {
        const hit = applyRule(rule, ex, body);
        if (!hit) continue;
        add(board, rule.kind, rule.name, rule.id, rule.weight, hit.says, hit.version);
        // A rule counts once; its evidence is already recorded.
        if (rule.kind !== "server" || hit.version) pending.delete(rule);
      }
      if (ex.response.status >= 400 || /error|exception/i.test(body.slice(0, 2048))) {
        for (const m of textViews(body).flatMap((view) => SQL_EVIDENCE.scan(view, 5))) {
          const weight = m.row.id.startsWith("crdb") ? 0.85 : 0.7;
          add(board, "database", m.row.database, `sql:${m.row.id}`, weight, `${m.row.title}: ${m.value.slice(0, 80)}`);
        }
        for (const m of DEBUG_EVIDENCE.scan(body, 2)) {
          add(board, "framework", m.row.framework!, `debug:${m.row.id}`, 0.95, m.row.title);
        }
      }
    }
    return this;
  }

  result(): Fingerprint {
    const { board } = this;
    const auth = [...board.auth]
      .map(([name, t]) => item(name, t))
      .filter((a) => a.confidence >= 0.3)
      .sort((a, b) => b.confidence - a.confidence || a.name.localeCompare(b.name));
    return { framework: best(board.framework), server: best(board.server), database: best(board.database), auth };
  }
}
