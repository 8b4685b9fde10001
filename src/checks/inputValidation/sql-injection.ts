import { defineCheck, type CheckContext, type PlanContext, type PlannedRequest } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { sqlErrorTable } from "../../patterns/error-signatures.js";
import { SQL_BOOLEAN_PAIRS, SQL_DELAYS, fill, type BooleanPair } from "../../patterns/injection.js";
import { scrubContext } from "../../patterns/redact.js";
import { textViews } from "../../patterns/text.js";
import { baselineAt, injectIdentity, injectionPoints, planned, pointLabel, requestAt, sameAnswer, trySend, type InjectionPoint } from "./_inject.js";
import { DELAY_S, REQUESTS_PER_ROW, TIMED_TIMEOUT_MS, confirmDelay } from "./_inject-timing.js";
import { inputRefs } from "./_shared.js";

const ID = "inputValidation.sql-injection";

function sqlSyntaxError(ex: Exchange | null): string | null {
  const body = ex?.response?.body;
  if (!body) return null;
  for (const view of textViews(body.slice(0, 262_144))) {
    const m = sqlErrorTable.scan(view, 10).find((x) => x.row.syntax);
    if (m) return `${m.row.title}: ${scrubContext(m.value)}`;
  }
  return null;
}

const pairsFor = (point: InjectionPoint) => SQL_BOOLEAN_PAIRS.filter(([p]) => point.numeric || p.context === "string");

/** Error-based (outside GET: the safe probe covers GET): a quote breaks the statement, two quotes mend it. */
async function errorBased(ctx: CheckContext, point: InjectionPoint, identity: string | null, base: Exchange): Promise<boolean> {
  if (!hasErrorProbe(point) || sqlSyntaxError(base)) return false;
  const quoted = await trySend(ctx, requestAt(ctx, point, `${point.sample}'`, identity));
  const error = sqlSyntaxError(quoted);
  if (!quoted || !error) return false;
  const mended = await trySend(ctx, requestAt(ctx, point, `${point.sample}''`, identity));
  if (!mended || sqlSyntaxError(mended)) return false;
  report(ctx, point, "error-based", [
    { exchange: quoted, excerpt: error, note: `a quote appended to ${pointLabel(point)} raises a SQL syntax error` },
    { exchange: mended, excerpt: `${mended.response?.status ?? ""} without a SQL error`, note: "two quotes ('') close the string again: the error disappears" },
  ]);
  return true;
}

async function pair(ctx: CheckContext, point: InjectionPoint, identity: string | null, p: BooleanPair) {
  const t = await trySend(ctx, requestAt(ctx, point, fill(p.truthy, { v: point.sample }), identity));
  const f = await trySend(ctx, requestAt(ctx, point, fill(p.falsy, { v: point.sample }), identity));
  return { t, f };
}

/** Boolean-differential: a true condition answers like the sample value, a false one does not, twice. */
async function booleanBased(ctx: CheckContext, point: InjectionPoint, identity: string | null, base: Exchange): Promise<boolean> {
  for (const [first, second] of pairsFor(point)) {
    const a = await pair(ctx, point, identity, first);
    const splits = (x: typeof a) => !!x.t && !!x.f && sameAnswer(x.t.response, base.response) && !sameAnswer(x.f.response, base.response) && !sameAnswer(x.f.response, x.t.response);
    if (!splits(a)) continue;
    const b = await pair(ctx, point, identity, second);
    if (!splits(b)) continue;
    const note = (ex: Exchange | null, what: string) => `${ex?.response?.status ?? "no answer"}, ${what}`;
    report(ctx, point, "boolean-differential", [
      { exchange: a.t!, excerpt: note(a.t, "same answer as the sample value"), note: `true condition: ${fill(first.truthy, { v: point.sample })}` },
      { exchange: a.f!, excerpt: note(a.f, "a different answer"), note: `false condition: ${fill(first.falsy, { v: point.sample })}` },
      { exchange: b.t!, excerpt: note(b.t, "same answer as the sample value"), note: `confirmed with other expressions: ${fill(second.truthy, { v: point.sample })}` },
      { exchange: b.f!, excerpt: note(b.f, "a different answer"), note: `and ${fill(second.falsy, { v: point.sample })}` },
    ]);
    return true;
  }
  return false;
}

async function timeBased(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<boolean> {
  for (const row of SQL_DELAYS) {
    const proof = await confirmDelay((s) =>
      trySend(ctx, { ...requestAt(ctx, point, fill(row.template, { v: point.sample, s }), identity), timeoutMs: TIMED_TIMEOUT_MS, retryThrottled: false }),
    );
    if (!proof) continue;
    report(ctx, point, `time-based (${row.dbms})`, [
      { exchange: proof.exchanges[0]!, excerpt: proof.note, note: `${fill(row.template, { v: point.sample, s: DELAY_S })} delays the answer by the time asked for` },
      ...proof.exchanges.slice(1).map((exchange, i) => ({ exchange, excerpt: `${proof.times[i + 1]} ms`, note: ["zero delay: fast", "double delay: twice as slow", "zero delay again: fast"][i] ?? "" })),
    ]);
    return true;
  }
  return false;
}

function report(ctx: CheckContext, point: InjectionPoint, technique: string, evidence: { exchange: Exchange; excerpt: string; note: string }[]): void {
  ctx.report({
    confidence: "confirmed",
    title: `SQL injection in ${pointLabel(point)} (${technique})`,
    operation: point.op,
    key: `${point.in}:${point.name}`,
    evidence,
  });
}

const hasErrorProbe = (point: InjectionPoint) => point.op.method !== "GET";

function plan(ctx: PlanContext): PlannedRequest[] {
  const identity = injectIdentity(ctx);
  const at = (point: InjectionPoint, value: string, purpose: string) => planned(requestAt(ctx, point, value, identity), purpose);
  return injectionPoints(ctx).flatMap((point) => {
    const v = point.sample;
    const out: PlannedRequest[] = [at(point, v, "baseline: the sample value (shared by the injection checks)")];
    if (hasErrorProbe(point)) out.push(at(point, `${v}'`, "error-based: one quote"), at(point, `${v}''`, "if it raised a SQL error: two quotes"));
    for (const [first, second] of pairsFor(point)) {
      out.push(at(point, fill(first.truthy, { v }), "boolean: true branch"), at(point, fill(first.falsy, { v }), "boolean: false branch"));
      out.push(at(point, fill(second.truthy, { v }), "if the branches split: second true branch"), at(point, fill(second.falsy, { v }), "if the branches split: second false branch"));
    }
    for (const row of SQL_DELAYS) {
      out.push(at(point, fill(row.template, { v, s: DELAY_S }), `time-based ${row.dbms}: ${DELAY_S} s`));
      out.push(at(point, fill(row.template, { v, s: 0 }), `if slow: 0 s (sent twice; the round is repeated once if a 0 s answer was stalled)`));
      out.push(at(point, fill(row.template, { v, s: 2 * DELAY_S }), `if slow: ${2 * DELAY_S} s`));
    }
    return out;
  });
}

/** Upper bound: baseline, quote pair, two boolean pairs per group, every delay row's rounds. */
function estimate(ctx: PlanContext): number {
  return injectionPoints(ctx).reduce((n, p) => n + 1 + (hasErrorProbe(p) ? 2 : 0) + 4 * pairsFor(p).length + SQL_DELAYS.length * REQUESTS_PER_ROW, 0);
}

export default defineCheck({
  meta: {
    id: ID,
    title: "SQL injection (confirmed)",
    category: "inputValidation",
    severity: "critical",
    how: "active",
    description:
      "Injects SQL into path and query parameters and JSON body fields and reports only what a second, differential request confirms: a true condition that answers like the sample value while a false one does not (twice, with different expressions), a delay that follows the number of seconds asked for (2 s, 0 s, 4 s, 0 s), or a syntax error a quote causes and a doubled quote mends. Whoever controls the statement can usually read every table the API's database user can, and often change them.",
    references: inputRefs([89], { owaspApi2023: ["API8"], owaspTop10_2021: ["A03"], pciDss4: ["6.2.4"], soc2: ["CC7.1"] }),
    remediation: {
      summary: "Bind every value as a query parameter (placeholders or the ORM's query builder); never build SQL by formatting or concatenating strings.",
      steps: [
        "Replace string-built statements with placeholders (`$1`, `?`, `%s`, `:name`) or the ORM's filters; identifiers (sort columns, table names) come from an allow-list, never from input.",
        "Validate types at the edge (a numeric id is parsed as a number before it reaches data access code).",
        "Run the API with a database user limited to the tables and statements it needs; no stacked queries, no superuser.",
      ],
    },
    changes:
      "sends attack payloads (boolean conditions, delay functions SLEEP/PG_SLEEP/WAITFOR, quotes; stacked-query rows run a second SELECT) to GET and POST operations only; each POST is in the changes ledger and objects it created are deleted at the end. Never PUT, PATCH or DELETE.",
  },
  planRequests: plan,
  estimateRequests: estimate,
  async run(ctx) {
    const identity = injectIdentity(ctx);
    const points = injectionPoints(ctx);
    if (points.length === 0) return ctx.notApplicable("no parameter or JSON body field to inject into");
    // One point at a time: delays measured while other payloads of this check wait would blur.
    for (const point of points) {
      const base = await baselineAt(ctx, point, identity);
      if (!base?.response) continue;
      if (await errorBased(ctx, point, identity, base)) continue;
      if (await booleanBased(ctx, point, identity, base)) continue;
      await timeBased(ctx, point, identity);
    }
  },
});
