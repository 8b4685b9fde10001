// What the CI renderers need to know about checks: the catalog's meta for every check, plus rules made up
// from findings whose check id the catalog does not list (sibling ids a check reports, e.g. db-cert-*).
import type { CheckMeta } from "../../core/check.js";
import type { CategoryId, Finding, Occurrence, References, ScanError, ScanReport, Severity } from "../../core/types.js";
import { checks } from "../../checks/index.js";

export interface RuleInfo {
  id: string;
  title: string;
  category: CategoryId;
  severity: Severity;
  description: string;
  remediation: { summary: string; steps: string[] };
  references: References;
}

export function defaultCatalog(): readonly CheckMeta[] {
  return checks.map((c) => c.meta);
}

function fromMeta(m: CheckMeta): RuleInfo {
  return {
    id: m.id,
    title: m.title,
    category: m.category,
    severity: m.severity,
    description: m.description,
    remediation: m.remediation,
    references: m.references,
  };
}

function fromFinding(f: Finding): RuleInfo {
  return {
    id: f.checkId,
    title: f.title,
    category: f.category,
    severity: f.severity,
    description: f.description,
    remediation: { summary: f.remediation.summary, steps: f.remediation.steps },
    references: f.references,
  };
}

/** Every catalog check plus any check id a finding carries, sorted by id. */
export function rulesFor(report: ScanReport, catalog: readonly CheckMeta[]): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const m of catalog) byId.set(m.id, fromMeta(m));
  for (const f of report.findings) if (!byId.has(f.checkId)) byId.set(f.checkId, fromFinding(f));
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Phases whose failure means the scan did not run at all (as opposed to a partial failure). */
// ("spec" errors are lenient-loader warnings: the scan still ran.)
const FATAL_PHASES = new Set(["target", "fatal"]);

/** The error that kept the scan from running, or null when it ran (possibly with partial errors). */
export function fatalError(report: ScanReport): ScanError | null {
  const fatal = report.errors.find((e) => FATAL_PHASES.has(e.phase));
  if (fatal) return fatal;
  if (report.requests.sent === 0 && report.findings.length === 0) {
    return report.errors[0] ?? { phase: "target", message: "the scan sent no request" };
  }
  return null;
}

/** CWE tag as GitHub code scanning and CodeQL spell it. */
export function cweTag(cwe: number): string {
  return `external/cwe/cwe-${String(cwe).padStart(3, "0")}`;
}

/** Human labels of the reference frameworks, for help texts. */
export function referenceLines(refs: References): string[] {
  const lines: string[] = [];
  if (refs.owaspApi2023?.length) lines.push(`OWASP API Security Top 10 2023: ${refs.owaspApi2023.join(", ")}`);
  if (refs.owaspTop10_2021?.length) lines.push(`OWASP Top 10 2021: ${refs.owaspTop10_2021.join(", ")}`);
  if (refs.owaspLlm2025?.length) lines.push(`OWASP Top 10 for LLM Applications 2025: ${refs.owaspLlm2025.join(", ")}`);
  if (refs.cwe?.length) lines.push(refs.cwe.map((c) => `CWE-${c}`).join(", "));
  if (refs.pciDss4?.length) lines.push(`PCI DSS 4.0: ${refs.pciDss4.join(", ")}`);
  if (refs.soc2?.length) lines.push(`SOC 2: ${refs.soc2.join(", ")}`);
  if (refs.hipaa?.length) lines.push(`HIPAA: ${refs.hipaa.join(", ")}`);
  return lines;
}

/** GraphQL operations are named by kind and root field (`query user`), not by HTTP method. */
const GRAPHQL_KINDS: ReadonlySet<string> = new Set(["query", "mutation", "subscription"]);

export function isGraphqlOperation(op: { method: string } | null | undefined): boolean {
  return !!op && GRAPHQL_KINDS.has(op.method);
}

/** `GET /users/{id}`, `query user` for a GraphQL operation, or null for host-level findings. */
export function operationLabel(f: Finding): string | null {
  if (!f.operation) return null;
  return isGraphqlOperation(f.operation) ? `${f.operation.method} ${f.operation.path}` : `${f.operation.method.toUpperCase()} ${f.operation.path}`;
}

/** One place as text: `GET /x · @alice · Set-Cookie session`. */
export function occurrenceLabel(o: Occurrence): string {
  return [o.operation, o.identity ? `@${o.identity}` : undefined, o.place].filter(Boolean).join(" · ");
}

/** How many places a root-cause finding was seen at (listed + omitted); 0 when it names none. */
export function placeCount(f: Finding): number {
  return (f.occurrences?.length ?? 0) + (f.occurrencesOmitted ?? 0);
}

/** The places of a finding worth listing (more than its one operation says), first `max` of them. */
export function placeLabels(f: Finding, max = Number.POSITIVE_INFINITY): { shown: string[]; more: number } | null {
  const list = f.occurrences ?? [];
  const labels = list.map(occurrenceLabel).filter(Boolean);
  if (labels.length === 0 || (labels.length === 1 && !f.occurrencesOmitted && labels[0] === operationLabel(f))) return null;
  const shown = labels.slice(0, max);
  return { shown, more: labels.length - shown.length + (f.occurrencesOmitted ?? 0) };
}

/** `GET /x` for a one-operation finding, `4 places` for a root cause seen at several, else null. */
export function whereLabel(f: Finding): string | null {
  const op = operationLabel(f);
  if (op) return op;
  const n = placeCount(f);
  return n > 1 ? `${n} places` : (f.occurrences?.[0] ? occurrenceLabel(f.occurrences[0]) || null : null);
}

/** One line on where transport was judged, when the user declared it (--transport-from), else null. */
export function transportNote(report: Pick<ScanReport, "options">): string | null {
  const from = report.options["transportFrom"];
  if (typeof from !== "string" || !from) return null;
  if (from === "terminated-upstream") return "Transport terminated upstream (declared): TLS, HSTS and plaintext checks not applicable to this socket";
  return `Transport judged at ${from} (declared with --transport-from), not on the scanned socket`;
}
