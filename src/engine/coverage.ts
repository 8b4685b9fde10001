// How much a scan actually saw: operations and checks exercised against what was planned, requests that
// failed by cause, and whether the scan is complete enough to grade (coverage floor, target alive).
import type { CategoryId, Coverage, CoverageCount, CoverageRequests, Exchange, IncompleteReason, Operation, RequestFailures } from "../core/types.js";
import { CATEGORY_IDS } from "../core/types.js";
import { COVERAGE_FLOOR, UNREACHABLE_TAIL } from "../scoring/rubric.js";

/** A request a check wanted to send but the budget refused. */
export interface RefusedAttempt {
  source: string;
  operationKey: string | null;
}

export interface CoverageCheck {
  id: string;
  category: CategoryId;
  /** Sends its own probes (has run()); an analyzer only reads the other exchanges. */
  probes: boolean;
}

export interface CoverageInput {
  /** Base URL of the target: failures on its origin are the target's. */
  targetUrl: string;
  exchanges: readonly Exchange[];
  refused: readonly RefusedAttempt[];
  /** Operations the mode allows (the crawl plans every GET among them). */
  operations: readonly Operation[];
  /** Checks that ran (mode-gated ones excluded). */
  checks: readonly CoverageCheck[];
  /** Checks that declared themselves not applicable: neither planned nor exercised. */
  notApplicable: ReadonlySet<string>;
  /** Check ids that reported at least one finding: a finding proves its check saw something. */
  reported: ReadonlySet<string>;
}

type Outcome = "answered" | "elsewhere" | keyof Omit<RequestFailures, "budget">;

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * What one exchange tells about coverage: a usable answer, or why not. A network failure on another
 * scheme or port of the host ("is plain HTTP served?") is that probe's answer, not a failure of the target.
 */
export function outcomeOf(ex: Exchange, targetOrigin: string): Outcome {
  const res = ex.response;
  if (!res) {
    if (originOf(ex.request.url) !== targetOrigin) return "elsewhere";
    return ex.error && /timed out/i.test(ex.error) ? "timeout" : "connection";
  }
  if (res.status === 429) return "throttled";
  if (res.status >= 500) return "serverError";
  return "answered";
}

const isNetwork = (o: Outcome): boolean => o === "connection" || o === "timeout";
const usable = (o: Outcome): boolean => o === "answered" || o === "elsewhere";

function emptyFailures(): RequestFailures {
  return { connection: 0, timeout: 0, serverError: 0, throttled: 0, budget: 0 };
}

function ratio(c: CoverageCount): number | null {
  return c.planned === 0 ? null : c.exercised / c.planned;
}

function count(planned: ReadonlySet<string>, exercised: ReadonlySet<string>): CoverageCount {
  return { planned: planned.size, exercised: [...planned].filter((k) => exercised.has(k)).length };
}

/** Operations touched by these exchanges and refusals: planned = attempted (plus `extraPlanned`). */
function operationCoverage(
  exchanges: readonly Exchange[],
  refused: readonly RefusedAttempt[],
  extraPlanned: Iterable<string>,
  origin: string,
): CoverageCount {
  const planned = new Set(extraPlanned);
  const exercised = new Set<string>();
  for (const ex of exchanges) {
    if (!ex.operation) continue;
    planned.add(ex.operation.key);
    if (usable(outcomeOf(ex, origin))) exercised.add(ex.operation.key);
  }
  for (const r of refused) if (r.operationKey) planned.add(r.operationKey);
  return count(planned, exercised);
}

function failuresOf(exchanges: readonly Exchange[], refused: number, origin: string): CoverageRequests {
  const failed = emptyFailures();
  let answered = 0;
  for (const ex of exchanges) {
    const o = outcomeOf(ex, origin);
    if (o === "answered" || o === "elsewhere") answered++;
    else failed[o]++;
  }
  failed.budget = refused;
  return { sent: exchanges.length, answered, failed };
}

/** The target answered, then every later request failed at the network level: it stopped answering. */
export function unreachableTail(all: readonly Exchange[], origin: string): { failed: number; from: number; error: string } | null {
  const exchanges = all.filter((ex) => outcomeOf(ex, origin) !== "elsewhere");
  let last = -1;
  for (let i = exchanges.length - 1; i >= 0; i--) {
    if (exchanges[i]!.response) {
      last = i;
      break;
    }
  }
  if (last < 0) return null; // never answered: prepare() reports an unreachable target before any scan
  const tail = exchanges.slice(last + 1);
  if (tail.length < UNREACHABLE_TAIL || !tail.every((ex) => isNetwork(outcomeOf(ex, origin)))) return null;
  return { failed: tail.length, from: tail[0]!.id, error: tail[tail.length - 1]!.error ?? "no answer" };
}

const pct = (r: number): string => `${Math.floor(r * 100)}%`;

function causeText(f: RequestFailures): string {
  const names: [keyof RequestFailures, string][] = [
    ["connection", "connection failed"],
    ["timeout", "timed out"],
    ["serverError", "answered 5xx"],
    ["throttled", "answered 429"],
    ["budget", "not sent (budget)"],
  ];
  return names
    .filter(([k]) => f[k] > 0)
    .map(([k, label]) => `${f[k]} ${label}`)
    .join(", ");
}

/** Items grouped by the category of the check named in their `source`, in order (others left out). */
function byCategory<T extends { source: string }>(items: readonly T[], categoryOf: ReadonlyMap<string, CategoryId>): Map<CategoryId, T[]> {
  const out = new Map<CategoryId, T[]>();
  for (const item of items) {
    const id = categoryOf.get(item.source);
    if (id === undefined) continue;
    const list = out.get(id);
    if (list) list.push(item);
    else out.set(id, [item]);
  }
  return out;
}

export function measureCoverage(input: CoverageInput): { coverage: Coverage; incomplete: IncompleteReason[] | null } {
  const { exchanges, refused } = input;
  const origin = originOf(input.targetUrl) ?? input.targetUrl;
  const answeredAny = exchanges.some((ex) => outcomeOf(ex, origin) === "answered");
  const checks = input.checks.filter((c) => !input.notApplicable.has(c.id));
  const bySource = new Map<string, Exchange[]>();
  for (const ex of exchanges) {
    const list = bySource.get(ex.source);
    if (list) list.push(ex);
    else bySource.set(ex.source, [ex]);
  }
  const refusedBy = new Map<string, number>();
  for (const r of refused) refusedBy.set(r.source, (refusedBy.get(r.source) ?? 0) + 1);

  // Not tested: it tried to send and got no usable answer (and found nothing); an analyzer with nothing to read.
  const notTested: Coverage["notTested"] = [];
  for (const c of checks) {
    if (input.reported.has(c.id)) continue;
    const own = bySource.get(c.id) ?? [];
    const budget = refusedBy.get(c.id) ?? 0;
    if (c.probes) {
      if (own.length + budget === 0 || own.some((ex) => usable(outcomeOf(ex, origin)))) continue;
      const f = failuresOf(own, budget, origin).failed;
      notTested.push({ checkId: c.id, reason: `no usable answer to its ${own.length + budget} request(s): ${causeText(f)}` });
    } else if (!answeredAny) {
      notTested.push({ checkId: c.id, reason: "no usable answer to analyse" });
    }
  }
  const untested = new Set(notTested.map((n) => n.checkId));

  const gets = input.operations.filter((op) => op.method === "GET").map((op) => op.key);
  const operations = operationCoverage(exchanges, refused, gets, origin);
  const checkCount: CoverageCount = { planned: checks.length, exercised: checks.filter((c) => !untested.has(c.id)).length };
  const overall = failuresOf(exchanges, refused.length, origin);

  // Each category's exchanges and refusals, in scan order, from one pass over each list (not one per category).
  const categoryOf = new Map<string, CategoryId>();
  for (const c of checks) categoryOf.set(c.id, c.category);
  const ownBy = byCategory(exchanges, categoryOf);
  const refusedByCategory = byCategory(refused, categoryOf);

  const categories: Coverage["categories"] = [];
  for (const id of CATEGORY_IDS) {
    const mine = checks.filter((c) => c.category === id);
    if (mine.length === 0) continue;
    const own = ownBy.get(id) ?? [];
    const ownRefused = refusedByCategory.get(id) ?? [];
    const r = failuresOf(own, ownRefused.length, origin);
    categories.push({
      id,
      operations: operationCoverage(own, ownRefused, [], origin),
      checks: { planned: mine.length, exercised: mine.filter((c) => !untested.has(c.id)).length },
      requests: r,
      tested: mine.some((c) => !untested.has(c.id)),
    });
  }

  const ratios = [ratio(operations), ratio(checkCount)].filter((x): x is number => x !== null);
  const score = ratios.length ? Math.min(...ratios) : 1;
  const reasons: IncompleteReason[] = [];
  const dead = unreachableTail(exchanges, origin);
  if (dead) {
    reasons.push({
      code: "unreachable-mid-scan",
      message: `target stopped answering mid-scan: the last ${dead.failed} request(s), from #${dead.from} on, got no answer (${dead.error})`,
    });
  }
  if (score < COVERAGE_FLOOR) {
    const causes = causeText(overall.failed);
    reasons.push({
      code: "below-coverage-floor",
      message:
        `coverage ${pct(score)} is below the floor of ${pct(COVERAGE_FLOOR)}: ` +
        `${operations.exercised}/${operations.planned} operations and ${checkCount.exercised}/${checkCount.planned} checks exercised` +
        (causes ? `; requests: ${causes}` : ""),
    });
  }
  const coverage: Coverage = {
    ratio: Math.round(score * 1000) / 1000,
    floor: COVERAGE_FLOOR,
    operations,
    checks: checkCount,
    requests: overall,
    notTested,
    categories,
  };
  return { coverage, incomplete: reasons.length ? reasons : null };
}
