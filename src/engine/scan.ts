// scan(): discover → plan → probe → analyze → score → report. Knows no terminal, no concrete check.
import { inventoryExtra } from "./inventory.js";
import type { Check, CheckContext, FindingInput, HttpClient } from "../core/check.js";
import { eachPerSlot } from "../core/bounded.js";
import { BudgetExhaustedError, PolicyError, RampartError, oneLine } from "../core/errors.js";
import { newScanId } from "../core/ids.js";
import type { Exchange, Observation, ScanReport } from "../core/types.js";
import { VERSION } from "../core/version.js";
import { applyBaselineToReport } from "../config/baseline.js";
import { RUBRIC_VERSION } from "../scoring/rubric.js";
import { scoreFindings } from "../scoring/score.js";
import { operationUrl } from "../spec/url.js";
import { applicableCategories } from "./applicability.js";
import type { ScanHooks } from "./events.js";
import { measureCoverage, type RefusedAttempt } from "./coverage.js";
import { FindingMerger, rootCauseKey, sortFindings, type BuildContext } from "./findings.js";
import type { ScanOptions } from "./options.js";
import { prepareScan, type PreparedScan } from "./prepare.js";
import { redactOptions } from "./redact-options.js";
import { reproduceVariables } from "./reproduce-variables.js";
import { createScanTransport } from "./scan-transport.js";
import { changeTracker, deriveCleanup } from "./cleanup.js";
import { identifyStack } from "./stack.js";
import { Fingerprinter } from "../discovery/fingerprint.js";

export { parseTarget } from "./prepare.js";

/** The reports of one root cause, in order; `checks` holds the check of each later one when they differ. */
interface RootReports {
  root: string;
  check: Check;
  inputs: FindingInput[];
  /** Check of inputs[1…] (set once a report came from a check other than the first one's). */
  checks: Check[] | null;
}

/** A client that notes each request the budget refused, for the coverage count. */
function countingRefusals(client: HttpClient, source: string, refused: RefusedAttempt[]): HttpClient {
  return {
    ...client,
    // A rejection handler, not an async wrapper: no suspended frame per request of every check.
    send: (req) =>
      client.send(req).catch((e: unknown) => {
        if (e instanceof BudgetExhaustedError) refused.push({ source, operationKey: req.operation?.key ?? null });
        throw e;
      }),
  };
}

/** The baseline crawl: every documented GET once, as the default identity, for the passive analyzers. */
async function crawl(p: PreparedScan, refused: RefusedAttempt[]): Promise<void> {
  const client = countingRefusals(p.http.withSource("crawl"), "crawl", refused);
  const gets = p.operations.filter((op) => op.method === "GET");
  await eachPerSlot(p.concurrency, gets, async (op) => {
    try {
      await client.send({ url: operationUrl(op, p.target.url, p.basePath), identity: p.defaultIdentity, operation: op });
    } catch (e) {
      if (!(e instanceof PolicyError) && !(e instanceof BudgetExhaustedError)) throw e;
    }
  });
}

/** An analyzer with its context and what it reported (kind, argument, argument triples). */
interface Analyzer {
  check: Check;
  base: CheckContext;
  ctx: CheckContext;
  held: unknown[];
}

/** A failed analyzer's entry in `held`. */
const FAILED = 4;
/** Runs analyzers[from…] on one exchange; stops at one that returns a promise (left in pending.promise)
 *  and answers its index, else -1. */
function analyzeFrom(analyzers: readonly Analyzer[], ex: Exchange, from: number, pending: { promise: unknown }): number {
  for (let i = from; i < analyzers.length; i++) {
    const a = analyzers[i]!;
    let result: unknown;
    try {
      result = a.check.analyze!(ex, a.ctx); // a method call: a bound function costs more per call
    } catch (e) {
      a.held.push(FAILED, e, undefined);
      continue;
    }
    if (result instanceof Promise) {
      pending.promise = result;
      return i;
    }
  }
  return -1;
}

/**
 * Every analyzer over every exchange, one exchange at a time: what analyzers derive from a response
 * (parsed JSON, its text views) is computed once for all of them and dropped when the next exchange comes.
 * Findings and errors keep the order of a run check by check (each check's in exchange order).
 */
async function analyzeAll(
  runnable: readonly Check[],
  exchanges: readonly Exchange[],
  makeContext: (check: Check) => CheckContext,
  failed: (check: Check, phase: string, e: unknown) => void,
): Promise<void> {
  // What an analyzer reports is held as (kind, argument, argument) triples, replayed in order at the end:
  // a closure per report costs more (one check reports per operation and identity).
  const REPORT = 0;
  const NOT_APPLICABLE = 1;
  const WARN = 2;
  const OBSERVE = 3;
  const analyzers: Analyzer[] = [];
  for (const check of runnable) {
    if (!check.analyze) continue;
    const held: unknown[] = [];
    const base = makeContext(check);
    const ctx: CheckContext = {
      ...base,
      report: (input) => void held.push(REPORT, input, undefined),
      notApplicable: (reason, options) => void held.push(NOT_APPLICABLE, reason, options),
      warn: (message) => void held.push(WARN, message, undefined),
      observe: (message) => void held.push(OBSERVE, message, undefined),
    };
    analyzers.push({ check, base, ctx, held });
  }
  // The analyzers of one exchange run in a plain function, called once per exchange (so it is optimised
  // early): the loop of this async function, entered once, would run unoptimised to the end. Analyzers
  // are synchronous as a rule: one that returns a promise is awaited before the next analyzer runs (one
  // await per analyzer and exchange would cost more than most analyzers).
  const pending: { promise: unknown } = { promise: null };
  for (let e = 0; e < exchanges.length; e++) {
    const ex = exchanges[e]!;
    for (let from = 0; from < analyzers.length; ) {
      const at = analyzeFrom(analyzers, ex, from, pending);
      if (at < 0) break;
      try {
        await pending.promise;
      } catch (err) {
        analyzers[at]!.held.push(FAILED, err, undefined);
      }
      pending.promise = null;
      from = at + 1;
    }
  }
  for (const a of analyzers) {
    const { base, held } = a;
    for (let i = 0; i < held.length; i += 3) {
      const kind = held[i];
      const arg = held[i + 1];
      if (kind === REPORT) base.report(arg as FindingInput);
      else if (kind === NOT_APPLICABLE) base.notApplicable(arg as string, held[i + 2] as { partial?: boolean } | undefined);
      else if (kind === WARN) base.warn(arg as string);
      else if (kind === OBSERVE) base.observe(arg as string);
      else failed(a.check, "analyze", arg);
    }
  }
}

export async function scan(options: ScanOptions, hooks: ScanHooks = {}): Promise<ScanReport> {
  const p = await prepareScan(options, hooks);
  const { http, emit, settings, target, errors, skippedChecks } = p;
  try {
    emit({ type: "phase", phase: "probe" });
    const refused: RefusedAttempt[] = [];
    await crawl(p, refused);

    // What checks reported, by root cause in the order causes first came, each cause's reports in order.
    const reports = new Map<string, RootReports>();
    const observations: Observation[] = [];
    const shared = new Map<string, unknown>();
    const transport = createScanTransport(settings, p.timeoutMs, p.concurrency, hooks.signal, options.pinnedHosts);
    const fingerprinter = new Fingerprinter();
    let stack = identifyStack(http.exchanges(), fingerprinter);
    const signal = hooks.signal ?? new AbortController().signal;
    const cleanupFor = deriveCleanup(p.api, target.url, p.basePath);
    const makeContext = (check: Check): CheckContext => {
      const checkHttp = countingRefusals(http.withSource(check.meta.id), check.meta.id, refused);
      return {
        checkId: check.meta.id,
        http: checkHttp,
        changes: changeTracker(checkHttp, http.changes, cleanupFor),
        transport,
        api: p.api,
        operations: p.operations,
        identities: p.identities,
        settings,
        target,
        fingerprint: stack.metadata,
        signal,
        concurrency: p.concurrency,
        exchanges: () => http.exchanges(),
        exchangesFor: (key) => http.exchangesFor(key),
        exchangesAt: (url) => http.exchangesAt(url),
        urlFor: (op, overrides) => operationUrl(op, target.url, p.basePath, overrides),
        report: (input) => {
          const root = rootCauseKey(input, check.meta);
          const known = reports.get(root);
          if (known) {
            known.inputs.push(input);
            // A cause reported by more than one check (a check may report under another's id): each report's own.
            if (known.checks) known.checks.push(check);
            else if (check !== known.check) known.checks = [...known.inputs.slice(1, -1).map(() => known.check), check];
            return;
          }
          reports.set(root, { root, check, inputs: [input], checks: null });
          // One event per root cause, as the report will list it: a check reports one cause once per
          // operation and identity (thousands of times on a large API), and progress counts findings.
          emit({ type: "finding", checkId: input.checkId ?? check.meta.id, severity: input.severity ?? check.meta.severity });
        },
        notApplicable: (reason, options) => {
          if (options?.partial) return void skippedChecks.push({ checkId: check.meta.id, reason, partial: true });
          skippedChecks.push({ checkId: check.meta.id, reason });
          emit({ type: "check-skipped", checkId: check.meta.id, reason });
        },
        warn: (message) => errors.push({ phase: "check", checkId: check.meta.id, message }),
        observe: (message) => {
          if (!observations.some((o) => o.checkId === check.meta.id && o.message === message)) observations.push({ checkId: check.meta.id, message });
        },
        shared,
      };
    };
    // A failing check records its error; the others go on.
    const failed = (check: Check, phase: string, e: unknown): void => {
      if (e instanceof BudgetExhaustedError) return; // recorded once in requests.incomplete
      const message = e instanceof PolicyError ? `refused by policy: ${e.message}` : oneLine(e);
      errors.push({ phase, checkId: check.meta.id, message });
      emit({ type: "check-errored", checkId: check.meta.id, message });
    };
    const guard = async (check: Check, phase: string, fn: () => unknown): Promise<void> => {
      try {
        await fn();
      } catch (e) {
        failed(check, phase, e);
      }
    };
    await Promise.all(
      p.runnable
        .filter((c) => c.run)
        .map(async (check) => {
          emit({ type: "check-started", checkId: check.meta.id });
          await guard(check, "probe", () => check.run?.(makeContext(check)));
        }),
    );

    // What the checks created is deleted now, newest first, before anything else reads the target.
    if (http.changes.list().length > 0) {
      emit({ type: "phase", phase: "cleanup" });
      await http.undoChanges(cleanupFor);
    }

    emit({ type: "phase", phase: "analyze" });
    stack = identifyStack(http.exchanges(), fingerprinter);
    const exchanges: readonly Exchange[] = http.exchanges();
    await analyzeAll(p.runnable, exchanges, makeContext, failed);

    for (const message of http.sessions().errors) errors.push({ phase: "login", message });
    emit({ type: "phase", phase: "score" });
    const specFile = p.specSource && !/^https?:/i.test(p.specSource) ? p.specSource : null;
    const merger = new FindingMerger();
    const curl = (ex: Exchange) => http.curl(ex);
    // One build context per check and one id per root cause, not per raw report (thousands merge into a few).
    const contexts = new Map<Check, BuildContext>();
    const contextOf = (check: Check): BuildContext => {
      let b = contexts.get(check);
      if (!b) contexts.set(check, (b = { meta: check.meta, context: settings.context, baseUrl: target.url, curl, specFile }));
      return b;
    };
    const reportedBy = new Set<string>();
    for (const r of reports.values()) {
      reportedBy.add(r.check.meta.id);
      if (!r.checks) {
        merger.addReportedAll(r.inputs, contextOf(r.check), r.root);
        continue;
      }
      merger.addReported(r.inputs[0]!, contextOf(r.check), r.root);
      for (let i = 1; i < r.inputs.length; i++) {
        const check = r.checks[i - 1]!;
        reportedBy.add(check.meta.id);
        merger.addReported(r.inputs[i]!, contextOf(check), r.root);
      }
    }
    const findings = sortFindings(merger.findings().map((f) => stack.remediate(f)));
    // A category counts only when something in it ran (e.g. `rampart llm` runs llmSecurity alone).
    const ran = new Set(p.runnable.map((c) => c.meta.category));
    const applicable = new Set([...applicableCategories(p.api, p.operations, shared)].filter((c) => ran.has(c)));
    const { coverage, incomplete } = measureCoverage({
      targetUrl: target.url,
      exchanges,
      refused,
      operations: p.operations,
      checks: p.runnable.map((c) => ({ id: c.meta.id, category: c.meta.category, probes: Boolean(c.run) })),
      notApplicable: new Set(skippedChecks.filter((s) => !s.partial).map((s) => s.checkId)),
      reported: reportedBy,
    });
    const untested = new Set(coverage.categories.filter((c) => !c.tested).map((c) => c.id));
    const scored = scoreFindings(findings, applicable, untested);
    const finishedAt = new Date();
    emit({ type: "phase", phase: "report" });
    const report: ScanReport = {
      schemaVersion: "1.0",
      tool: { name: "rampart", version: VERSION, rubricVersion: RUBRIC_VERSION },
      scanId: newScanId(p.startedAt),
      target: { url: target.url, specUrl: p.specSource, host: target.host, ...(p.specRejected ? { specRejected: p.specRejected } : {}) },
      startedAt: p.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: finishedAt.getTime() - p.startedAt.getTime(),
      options: redactOptions(options, settings, { budget: p.budget, timeoutMs: p.timeoutMs, concurrency: p.concurrency }),
      requests: http.stats(),
      fingerprint: stack.metadata,
      score: scored.score,
      grade: scored.grade,
      cap: scored.cap,
      categories: scored.categories,
      coverage,
      incomplete,
      findings,
      suppressed: [],
      skipped: { operations: p.skippedOperations, checks: skippedChecks },
      errors,
      ...(observations.length ? { observations } : {}),
      extras: Object.fromEntries([
        ...(p.discovery ? [["discovery", p.discovery] as [string, unknown]] : []),
        ["inventory", inventoryExtra(p.api, p.operations)] as [string, unknown],
        ...[...shared].filter(([k]) => k.startsWith("extra:")).map(([k, v]): [string, unknown] => [k.slice("extra:".length), v]),
      ]),
    };
    // Accepted findings leave score and gate; expired entries are recorded as errors.
    const final = applyBaselineToReport(report, options.baseline ?? null, finishedAt);
    final.reproduceVariables = reproduceVariables(final.findings, http.variables());
    const changes = http.changes.list();
    if (changes.length > 0 || settings.mode === "active") final.changes = changes;
    emit({ type: "scan-finished", score: final.score, grade: final.grade });
    return final;
  } catch (e) {
    if (e instanceof RampartError) throw e;
    throw new RampartError("INTERNAL", `scan failed: ${oneLine(e)}`, { cause: e });
  } finally {
    await http.close();
  }
}
