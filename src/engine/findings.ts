// Turns what checks report (FindingInput) into report Findings: ids, evidence, context, merge by root cause.
import type { CheckMeta, EvidenceInput, FindingInput } from "../core/check.js";
import { stableId } from "../core/ids.js";
import type { Evidence, Exchange, Finding, ScanContext, Severity } from "../core/types.js";
import { SEVERITY_ORDER, SEVERITY_UP } from "../scoring/rubric.js";
import { scrubSecrets } from "./scrub.js";

const EXCERPT_MAX = 400;

/** Checks whose findings `--context public` lowers to info (docs and banners are expected on public APIs). */
const PUBLIC_CONTEXT_INFO = new Set(["inventoryManagement.docs-exposed", "inventoryManagement.server-fingerprint"]);

export function requestLine(ex: Exchange): string {
  let target = ex.request.url;
  try {
    const u = new URL(ex.request.url);
    target = u.pathname + u.search;
  } catch {
    // keep the raw URL
  }
  return `${ex.request.method} ${target}`;
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

export function buildFinding(input: FindingInput, b: BuildContext): Finding {
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
  return {
    id: stableId(checkId, operation ? `${operation.method} ${operation.path}` : "", input.key ?? ""),
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
  };
}

const EVIDENCE_PER_FINDING = 5;

/** Same id = same root cause: keep the strongest severity/confidence and pool evidence (bounded). */
export function mergeFindings(findings: readonly Finding[]): Finding[] {
  const byId = new Map<string, Finding>();
  for (const f of findings) {
    const prev = byId.get(f.id);
    if (!prev) {
      byId.set(f.id, { ...f, evidence: f.evidence.slice(0, EVIDENCE_PER_FINDING) });
      continue;
    }
    if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[prev.severity]) prev.severity = f.severity;
    const rank = { confirmed: 0, firm: 1, tentative: 2 } as const;
    if (rank[f.confidence] < rank[prev.confidence]) prev.confidence = f.confidence;
    for (const e of f.evidence) {
      if (prev.evidence.length >= EVIDENCE_PER_FINDING) break;
      if (!prev.evidence.some((x) => x.request === e.request && x.excerpt === e.excerpt)) prev.evidence.push(e);
    }
  }
  return [...byId.values()];
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
