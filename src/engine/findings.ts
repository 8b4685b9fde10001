// Turns what checks report (FindingInput) into report Findings: ids, evidence, context, merge by root cause.
import type { CheckMeta, EvidenceInput, FindingInput } from "../core/check.js";
import { stableId } from "../core/ids.js";
import type { Evidence, Exchange, Finding, Occurrence, ScanContext, Severity } from "../core/types.js";
import { SEVERITY_ORDER, SEVERITY_UP } from "../scoring/rubric.js";
import { parsedUrl } from "../patterns/memo.js";
import { scrubSecrets } from "./scrub.js";

const EXCERPT_MAX = 400;

/** Checks whose findings `--context public` lowers to info (docs and banners are expected on public APIs). */
const PUBLIC_CONTEXT_INFO = new Set(["inventoryManagement.docs-exposed", "inventoryManagement.server-fingerprint"]);

export function requestLine(ex: Exchange): string {
  const u = parsedUrl(ex.request.url);
  return `${ex.request.method} ${u ? u.pathname + u.search : ex.request.url}`;
}

export function toEvidence(input: EvidenceInput): Evidence {
  const ex = input.exchange;
  const excerpt =
    input.excerpt ??
    (ex ? (ex.error ? `error: ${ex.error}` : `${ex.response?.status ?? ""} ${ex.response?.contentType ?? ""}`.trim()) : "");
  const evidence: Evidence = {
    request: scrubSecrets(input.request ?? (ex ? requestLine(ex) : "")),
    status: input.status !== undefined ? input.status : (ex?.response?.status ?? null),
    excerpt: scrubSecrets(excerpt.length > EXCERPT_MAX ? `${excerpt.slice(0, EXCERPT_MAX)}…` : excerpt),
  };
  if (input.note) evidence.note = scrubSecrets(input.note);
  return evidence;
}

export function adjustForContext(
  severity: Severity,
  checkId: string,
  category: string,
  context: ScanContext | null,
  sensitiveData: boolean,
): Severity {
  if ((context === "financial" || context === "medical") && (category === "dataExposure" || category === "encryption")) {
    if (sensitiveData || category === "dataExposure") return SEVERITY_UP[severity];
  }
  if (context === "public" && PUBLIC_CONTEXT_INFO.has(checkId)) return "info";
  return severity;
}

export interface BuildContext {
  meta: CheckMeta;
  context: ScanContext | null;
  baseUrl: string;
  curl: (ex: Exchange) => string;
  specFile: string | null;
}

/** Places of one report: the check's `where` entries, each with the operation when it names none. */
function occurrencesOf(
  input: FindingInput,
  operation: { method: string; path: string } | null,
  scrub: (text: string) => string = scrubSecrets,
): Occurrence[] | undefined {
  const where = input.where;
  if (where === undefined) return undefined;
  const opLabel = operation ? `${operation.method} ${operation.path}` : undefined;
  // One place is what nearly every report names (once per operation and identity): no list to dedupe.
  if (!Array.isArray(where)) {
    const o = occurrence(where, opLabel, scrub);
    return o ? [o] : [];
  }
  const out: Occurrence[] = [];
  for (const w of where.length > 0 ? where : [{}]) {
    const o = occurrence(w, opLabel, scrub);
    if (o) out.push(o);
  }
  return dedupeOccurrences(out);
}

/** One place as listed: the operation (the report's own when the place names none), identity, place; null when empty. */
function occurrence(w: Occurrence, opLabel: string | undefined, scrub: (text: string) => string): Occurrence | null {
  const o: Occurrence = {};
  const op = w.operation ?? opLabel;
  let any = false;
  if (op) {
    o.operation = scrub(op);
    any = true;
  }
  if (w.identity) {
    o.identity = w.identity;
    any = true;
  }
  if (w.place) {
    o.place = scrub(w.place);
    any = true;
  }
  return any ? o : null;
}

function occurrenceKey(o: Occurrence): string {
  return `${o.operation ?? ""}\u0000${o.identity ?? ""}\u0000${o.place ?? ""}`;
}

function dedupeOccurrences(list: readonly Occurrence[]): Occurrence[] {
  const seen = new Map<string, Occurrence>();
  for (const o of list) {
    const key = occurrenceKey(o);
    if (!seen.has(key)) seen.set(key, o);
  }
  return [...seen.values()];
}

/** The id buildFinding gives `input`: its check, its operation unless it lists places, and its key. */
export function findingId(input: FindingInput, meta: CheckMeta): string {
  return stableId(...findingIdParts(input, meta));
}

/** What identifies a report's root cause (its finding id, unhashed): reports with the same key merge. */
export function rootCauseKey(input: FindingInput, meta: CheckMeta): string {
  return findingIdParts(input, meta).join("\u0000");
}

function findingIdParts(input: FindingInput, meta: CheckMeta): [string, string, string] {
  const op = input.operation ?? null;
  // A root-cause finding (one with places) is identified by its check and key alone.
  const idOperation = op && input.where === undefined ? `${op.method} ${op.path}` : "";
  return [input.checkId ?? meta.id, idOperation, input.key ?? ""];
}

/** `scrub` masks the texts of the places (the merger passes its memo of scrubSecrets). */
export function buildFinding(input: FindingInput, b: BuildContext, scrub: (text: string) => string = scrubSecrets): Finding {
  const checkId = input.checkId ?? b.meta.id;
  const op = input.operation ?? null;
  const firstExchange = input.evidence.find((e) => e.exchange)?.exchange;
  const reproduceFrom = input.reproduce === undefined ? firstExchange : input.reproduce;
  const reproduce =
    reproduceFrom === null || reproduceFrom === undefined
      ? null
      : scrubSecrets(typeof reproduceFrom === "string" ? reproduceFrom : b.curl(reproduceFrom));
  const operation = op
    ? {
        method: op.method,
        path: op.path,
        url: ("url" in op && typeof op.url === "string" ? op.url : null) ?? firstExchange?.request.url ?? b.baseUrl + op.path,
      }
    : null;
  const severity = adjustForContext(input.severity ?? b.meta.severity, checkId, b.meta.category, b.context, input.sensitiveData ?? false);
  const pointer = op && "pointer" in op && typeof op.pointer === "string" ? op.pointer : null;
  const occurrences = occurrencesOf(input, operation, scrub);
  return {
    id: findingId(input, b.meta),
    checkId,
    category: b.meta.category,
    severity,
    confidence: input.confidence,
    title: input.title ?? b.meta.title,
    description: input.description ?? b.meta.description,
    operation,
    evidence: input.evidence.map(toEvidence),
    reproduce,
    remediation: {
      summary: input.remediation?.summary ?? b.meta.remediation.summary,
      framework: input.remediation?.framework ?? null,
      steps: input.remediation?.steps ?? b.meta.remediation.steps,
      code: input.remediation?.code ?? b.meta.remediation.code ?? null,
    },
    references: b.meta.references,
    location: pointer && b.specFile ? { file: b.specFile, pointer } : null,
    ...(occurrences ? { occurrences } : {}),
  };
}

const EVIDENCE_PER_FINDING = 5;
/** Places listed per finding; the rest are counted in `occurrencesOmitted`. */
export const OCCURRENCES_PER_FINDING = 100;
const CONFIDENCE_RANK = { confirmed: 0, firm: 1, tentative: 2 } as const;

/** One merged finding, the places it has seen and their operations (grown, never rescanned). */
interface Pooled {
  finding: Finding;
  /** Every distinct place seen, listed or past the bound: identity → place → operations ("" when absent).
   *  Nested, so a place is looked up by its (already hashed) parts, not by a key string made per report;
   *  identities and places are few, operations many (one set per identity and place, not per operation). */
  seen: Map<string, Map<string, Set<string>>>;
  operations: Set<string>;
}

/** The operation label a report without its own places is listed under, scrubbed (kept per operation object). */
interface OpLabel {
  method: string;
  path: string;
  label: string;
}

/**
 * Same id = same root cause: keeps the strongest severity/confidence and pools evidence and places
 * (bounded). A scan reports thousands of findings that merge into a few, so what a later one adds is
 * computed only as far as the merged finding still takes it (its places by key, its evidence until full).
 */
export class FindingMerger {
  private readonly byId = new Map<string, Pooled>();
  // A check reports one root cause thousands of times (once per operation and identity): its id (a hash)
  // and its scrubbed places are computed once per distinct text, not once per report.
  private readonly ids = new Map<string, string>();
  private readonly scrubbed = new Map<string, string>();
  private readonly scrub = (text: string): string => {
    let out = this.scrubbed.get(text);
    if (out === undefined) this.scrubbed.set(text, (out = scrubSecrets(text)));
    return out;
  };

  private readonly opLabels = new Map<object, OpLabel>();

  /** `METHOD path` of an operation, scrubbed: once per operation object (reports repeat the same ones). */
  private opLabel(op: { method: string; path: string }): string {
    const known = this.opLabels.get(op);
    if (known && known.method === op.method && known.path === op.path) return known.label;
    const label = this.scrub(`${op.method} ${op.path}`);
    this.opLabels.set(op, { method: op.method, path: op.path, label });
    return label;
  }

  private idOf(root: string, input: FindingInput, meta: CheckMeta): string {
    let id = this.ids.get(root);
    if (id === undefined) this.ids.set(root, (id = stableId(...findingIdParts(input, meta))));
    return id;
  }

  /** Adds a built finding. */
  add(f: Finding): void {
    const prev = this.byId.get(f.id);
    if (!prev) return this.start(f);
    this.pool(prev, f.occurrences);
    this.strengthen(prev.finding, f.severity, f.confidence);
    this.addEvidence(prev.finding, f.evidence.length, (i) => f.evidence[i]!);
  }

  /** Adds what a check reported: built in full only when its id is new. `root` is its rootCauseKey (a
   *  caller that already made it passes it). */
  addReported(input: FindingInput, b: BuildContext, root = rootCauseKey(input, b.meta)): void {
    this.addTo(this.idOf(root, input, b.meta), input, b);
  }

  /** addReported for reports of one root cause (`root`), in the order they came: its id made once. */
  addReportedAll(inputs: readonly FindingInput[], b: BuildContext, root: string): void {
    if (inputs.length === 0) return;
    const id = this.idOf(root, inputs[0]!, b.meta);
    for (let i = 0; i < inputs.length; i++) this.addTo(id, inputs[i]!, b);
  }

  private addTo(id: string, input: FindingInput, b: BuildContext): void {
    const prev = this.byId.get(id);
    if (!prev) return this.start(buildFinding(input, b, this.scrub));
    const where = input.where;
    if (where !== undefined && !Array.isArray(where)) {
      // One place, as nearly every report names: looked up by its parts; an object is made only when listed.
      const opText = where.operation ?? (input.operation ? this.opLabel(input.operation) : undefined);
      this.poolOne(prev, opText ? this.scrub(opText) : "", where.identity || "", where.place ? this.scrub(where.place) : "");
    } else this.pool(prev, occurrencesOf(input, input.operation ?? null, this.scrub));
    const checkId = input.checkId ?? b.meta.id;
    const severity = adjustForContext(input.severity ?? b.meta.severity, checkId, b.meta.category, b.context, input.sensitiveData ?? false);
    this.strengthen(prev.finding, severity, input.confidence);
    this.addEvidence(prev.finding, input.evidence.length, (i) => toEvidence(input.evidence[i]!));
  }

  findings(): Finding[] {
    return [...this.byId.values()].map((p) => p.finding);
  }

  private start(f: Finding): void {
    const pooled: Pooled = {
      finding: { ...f, evidence: f.evidence.slice(0, EVIDENCE_PER_FINDING) },
      seen: new Map(),
      operations: new Set(),
    };
    if (f.occurrences) {
      // A copy: the places of the finding passed in are not touched.
      pooled.finding.occurrences = [];
      this.pool(pooled, f.occurrences);
    }
    this.byId.set(f.id, pooled);
  }

  /** Pools `more` into the places (distinct, bounded); a finding seen on several operations is no longer
   *  about one operation. */
  private pool(p: Pooled, more: readonly Occurrence[] | undefined): void {
    const f = p.finding;
    if (!f.occurrences && !more) return;
    f.occurrences ??= [];
    for (const o of more ?? []) this.place(p, o.operation ?? "", o.identity ?? "", o.place ?? "", o);
    this.settle(p);
  }

  /** Pools one place given by its (scrubbed) parts, "" for an absent one; none at all is no place. */
  private poolOne(p: Pooled, operation: string, identity: string, place: string): void {
    p.finding.occurrences ??= [];
    if (operation || identity || place) this.place(p, operation, identity, place, null);
    this.settle(p);
  }

  /** Notes one place: listed while the listing has room (`given`, or an object made of the parts), else
   *  counted once in occurrencesOmitted. */
  private place(p: Pooled, operation: string, identity: string, place: string, given: Occurrence | null): void {
    let byPlace = p.seen.get(identity);
    if (!byPlace) p.seen.set(identity, (byPlace = new Map()));
    let operations = byPlace.get(place);
    if (!operations) byPlace.set(place, (operations = new Set()));
    if (operations.has(operation)) return;
    operations.add(operation);
    const f = p.finding;
    const listed = f.occurrences!;
    if (listed.length >= OCCURRENCES_PER_FINDING) {
      f.occurrencesOmitted = (f.occurrencesOmitted ?? 0) + 1;
      return;
    }
    let o = given;
    if (!o) {
      o = {};
      if (operation) o.operation = operation;
      if (identity) o.identity = identity;
      if (place) o.place = place;
    }
    listed.push(o);
    if (operation) p.operations.add(operation);
  }

  /** A root cause seen at several operations (or more than listed) has no spec location of its own. */
  private settle(p: Pooled): void {
    const f = p.finding;
    if (f.operation && (p.operations.size > 1 || (f.occurrencesOmitted ?? 0) > 0)) {
      // Its spec location was that one operation's: a root cause seen at several has none of its own.
      f.operation = null;
      f.location = null;
    }
  }

  private strengthen(f: Finding, severity: Severity, confidence: Finding["confidence"]): void {
    if (SEVERITY_ORDER[severity] < SEVERITY_ORDER[f.severity]) f.severity = severity;
    if (CONFIDENCE_RANK[confidence] < CONFIDENCE_RANK[f.confidence]) f.confidence = confidence;
  }

  private addEvidence(f: Finding, count: number, evidenceAt: (i: number) => Evidence): void {
    for (let i = 0; i < count && f.evidence.length < EVIDENCE_PER_FINDING; i++) {
      const e = evidenceAt(i);
      if (!f.evidence.some((x) => x.request === e.request && x.excerpt === e.excerpt)) f.evidence.push(e);
    }
  }
}

/** Same id = same root cause: keep the strongest severity/confidence and pool evidence and places (bounded). */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const merger = new FindingMerger();
  for (const f of findings) merger.add(f);
  return merger.findings();
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.category.localeCompare(b.category) ||
      (a.operation?.path ?? "").localeCompare(b.operation?.path ?? "") ||
      (a.operation?.method ?? "").localeCompare(b.operation?.method ?? "") ||
      a.checkId.localeCompare(b.checkId) ||
      a.id.localeCompare(b.id),
  );
}
