// explain_finding: a check id or a stored finding id → what it means, the evidence, and how to fix it
// for the API's framework and database.
import { findCheck } from "../../checks/index.js";
import type { CheckMeta } from "../../core/check.js";
import { InputError } from "../../core/errors.js";
import type { Evidence, Finding, Occurrence, References, Remediation, ReproduceVariable, ScanReport } from "../../core/types.js";
import type { ScanStore } from "../../store/index.js";
import { remediationFor } from "./remediation.js";
import { variablesFor } from "../../report/renderers/_reproduce.js";

export interface ExplainInput {
  id: string;
  scanId?: string;
  framework?: string;
  database?: string;
}

export interface Explanation {
  kind: "check" | "finding";
  checkId: string;
  title: string;
  category: string;
  severity: string;
  description: string;
  references: References;
  stack: { framework: string | null; database: string | null };
  remediation: Remediation;
  finding: {
    id: string;
    scanId: string;
    target: string;
    severity: string;
    confidence: string;
    operation: string | null;
    evidence: Evidence[];
    /** Every place the root cause was seen, when the finding lists several. */
    occurrences?: Occurrence[];
    reproduce: string | null;
    /** The `$RAMPART_…` variables the reproduce line needs. */
    reproduceVariables?: ReproduceVariable[];
  } | null;
}

const CHECK_ID = /^[a-z][A-Za-z]*\.[a-z0-9-]+$/;

function stackOf(report: ScanReport | null, input: ExplainInput): Explanation["stack"] {
  return {
    framework: input.framework?.trim().toLowerCase() || report?.fingerprint.framework?.name || null,
    database: input.database?.trim().toLowerCase() || report?.fingerprint.database?.name || null,
  };
}

function fromMeta(meta: CheckMeta, stack: Explanation["stack"]): Omit<Explanation, "kind" | "finding"> {
  return {
    checkId: meta.id,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    description: meta.description,
    references: meta.references,
    stack,
    remediation: remediationFor(meta, stack),
  };
}

function findingPart(f: Finding, report: ScanReport): NonNullable<Explanation["finding"]> {
  return {
    id: f.id,
    scanId: report.scanId,
    target: report.target.url,
    severity: f.severity,
    confidence: f.confidence,
    operation: f.operation ? `${f.operation.method} ${f.operation.path}` : null,
    evidence: f.evidence,
    ...(f.occurrences ? { occurrences: f.occurrences } : {}),
    reproduce: f.reproduce,
    reproduceVariables: variablesFor(f, report),
  };
}

export function explain(store: ScanStore | null, input: ExplainInput): Explanation {
  const id = input.id.trim();
  if (!id) throw new InputError("id is empty: give a check id (e.g. encryption.hsts-missing) or a finding id from a scan");
  let scan: ScanReport | null = null;
  if (input.scanId) {
    if (!store) throw new InputError("the scan store is unavailable, so scan_id cannot be looked up");
    const stored = store.get(input.scanId);
    if (!stored) throw new InputError(`no stored scan matches "${input.scanId}"`);
    if (!stored.report) throw new InputError(`scan ${stored.id} is ${stored.status} and has no findings to explain`);
    scan = stored.report;
  }

  const meta = findCheck(id)?.meta;
  if (meta) return { kind: "check", ...fromMeta(meta, stackOf(scan, input)), finding: null };
  if (CHECK_ID.test(id)) throw new InputError(`unknown check id "${id}"`);

  let hit: { finding: Finding; report: ScanReport } | null = null;
  if (scan) {
    const matches = scan.findings.filter((f) => f.id === id || f.id.startsWith(id));
    const finding = matches.find((f) => f.id === id) ?? (matches.length === 1 ? matches[0] : undefined);
    if (matches.length > 1 && !finding) throw new InputError(`finding id prefix "${id}" is ambiguous in scan ${scan.scanId}`);
    if (finding) hit = { finding, report: scan };
  } else if (store) {
    const found = store.findFinding(id);
    if (found?.scan.report) hit = { finding: found.finding, report: found.scan.report };
  }
  if (!hit) {
    throw new InputError(
      `no check or stored finding has id "${id}"${input.scanId ? ` in scan ${input.scanId}` : ""}; ` +
        "check ids look like encryption.hsts-missing, finding ids are listed by get_scan",
    );
  }
  const { finding, report } = hit;
  const stack = stackOf(report, input);
  const checkMeta = findCheck(finding.checkId)?.meta;
  const base = checkMeta
    ? fromMeta(checkMeta, stack)
    : {
        checkId: finding.checkId,
        title: finding.title,
        category: finding.category,
        severity: finding.severity,
        description: finding.description,
        references: finding.references,
        stack,
        remediation: finding.remediation,
      };
  // The engine already tailored the finding's remediation to the detected stack; an explicit
  // framework/database request, or a generic finding, gets the knowledge base's answer.
  const remediation = finding.remediation.framework && !input.framework && !input.database ? finding.remediation : base.remediation;
  return {
    kind: "finding",
    ...base,
    title: finding.title,
    description: finding.description || base.description,
    remediation,
    finding: findingPart(finding, report),
  };
}

function referencesText(r: References): string {
  const parts = [
    ...(r.owaspApi2023 ?? []).map((x) => `OWASP ${x}:2023`),
    ...(r.owaspTop10_2021 ?? []).map((x) => `OWASP ${x}:2021`),
    ...(r.owaspLlm2025 ?? []).map((x) => `OWASP ${x}:2025`),
    ...(r.cwe ?? []).map((x) => `CWE-${x}`),
    ...(r.pciDss4 ?? []).map((x) => `PCI DSS 4.0 ${x}`),
    ...(r.soc2 ?? []).map((x) => `SOC 2 ${x}`),
    ...(r.hipaa ?? []).map((x) => `HIPAA ${x}`),
  ];
  return parts.join(", ");
}

export function explanationText(e: Explanation): string {
  const lines = [`${e.title} [${e.checkId}] (${e.category}, ${e.kind === "finding" ? "" : "default "}severity ${e.finding?.severity ?? e.severity})`, e.description];
  if (e.finding) {
    const f = e.finding;
    lines.push("", `Finding ${f.id} in scan ${f.scanId} of ${f.target}: ${f.severity}, ${f.confidence}${f.operation ? `, ${f.operation}` : ""}`);
    for (const ev of f.evidence.slice(0, 5)) {
      lines.push(`  ${ev.request} → ${ev.status ?? "no response"}: ${ev.excerpt.replace(/\s+/g, " ").slice(0, 300)}${ev.note ? ` (${ev.note})` : ""}`);
    }
    if (f.reproduce) lines.push(`Reproduce: ${f.reproduce}`);
    for (const v of f.reproduceVariables ?? []) lines.push(`  $${v.variable}: ${v.holds}${v.set ? ` — ${v.set}` : ""}`);
  }
  const stack = [e.remediation.framework ?? e.stack.framework, e.stack.database].filter(Boolean).join(" + ");
  lines.push("", `How to fix${stack ? ` (${stack})` : ""}: ${e.remediation.summary}`);
  e.remediation.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`));
  if (e.remediation.code) lines.push("", "```", e.remediation.code, "```");
  const refs = referencesText(e.references);
  if (refs) lines.push("", `References: ${refs}`);
  return lines.join("\n");
}
