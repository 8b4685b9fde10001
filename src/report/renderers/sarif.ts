// SARIF 2.1.0 for GitHub code scanning: one rule per catalog check (help text, security-severity, CWE tags),
// one result per finding with a stable partial fingerprint, located at the spec file and operation when
// the spec is a file under the base directory, else at the target URL.
import path from "node:path";
import type { CheckMeta } from "../../core/check.js";
import type { Finding, ScanReport, Severity } from "../../core/types.js";
import { cweTag, isGraphqlOperation, defaultCatalog, fatalError, occurrenceLabel, operationLabel, placeCount, referenceLines, rulesFor } from "./_catalog.js";
import type { RuleInfo } from "./_catalog.js";
import { oneLineText, stripControl, truncate } from "./_escape.js";
import { variablesFor } from "./_reproduce.js";

export interface SarifOptions {
  /** Directory spec paths are made relative to: the repository root (GITHUB_WORKSPACE) or the cwd. */
  baseDir?: string;
  /** Absolute URL of the folder holding `checks/<id>.md` (the docs folder of Rampart's repository). */
  docsBaseUrl?: string | null;
  /** 1-based line of a JSON pointer in a spec file, when the surface could read the file. */
  locate?: (file: string, pointer: string) => number | null;
  /** Check metadata the rules come from; defaults to the registry. */
  catalog?: readonly CheckMeta[];
}

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub reads `security-severity` (0.0–10.0) to rank alerts critical/high/medium/low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};

const LEVEL: Record<Severity, "error" | "warning" | "note"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

const PROBLEM_SEVERITY: Record<Severity, "error" | "warning" | "recommendation"> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "recommendation",
  info: "recommendation",
};

const MAX_MESSAGE = 2000;
const MAX_EXCERPT = 2000;

function ruleName(id: string): string {
  const tail = id.slice(id.indexOf(".") + 1);
  return tail.replace(/(^|[-_.*])([a-z0-9])/gi, (_m, _sep: string, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, "");
}

function docsUri(base: string | null | undefined, id: string): string | undefined {
  if (!base) return undefined;
  try {
    return new URL(`checks/${encodeURIComponent(id)}.md`, base.endsWith("/") ? base : `${base}/`).href;
  } catch {
    return undefined;
  }
}

function ruleHelp(rule: RuleInfo): { text: string; markdown: string } {
  const refs = referenceLines(rule.references);
  const steps = rule.remediation.steps;
  const doc = `docs/checks/${rule.id}.md`;
  const text = [
    rule.description,
    "",
    `How to fix: ${rule.remediation.summary}`,
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    ...(refs.length ? ["", ...refs] : []),
    "",
    `Documentation: ${doc}`,
  ].join("\n");
  const markdown = [
    rule.description,
    "",
    "## How to fix",
    "",
    rule.remediation.summary,
    "",
    ...steps.map((s, i) => `${i + 1}. ${s}`),
    ...(refs.length ? ["", "## References", "", ...refs.map((r) => `- ${r}`)] : []),
    "",
    `Documentation: \`${doc}\``,
  ].join("\n");
  return { text: stripControl(text), markdown: stripControl(markdown) };
}

function tags(rule: RuleInfo): string[] {
  const out = ["security", "api", rule.category];
  for (const c of rule.references.cwe ?? []) out.push(cweTag(c));
  for (const a of rule.references.owaspApi2023 ?? []) out.push(`owasp-api-2023/${a}`);
  for (const a of rule.references.owaspTop10_2021 ?? []) out.push(`owasp-2021/${a}`);
  for (const a of rule.references.owaspLlm2025 ?? []) out.push(`owasp-llm-2025/${a}`);
  return out;
}

function sarifRule(rule: RuleInfo, docsBaseUrl: string | null | undefined): Record<string, unknown> {
  const helpUri = docsUri(docsBaseUrl, rule.id);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: oneLineText(rule.title) },
    fullDescription: { text: oneLineText(rule.description || rule.title) },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    help: ruleHelp(rule),
    ...(helpUri ? { helpUri } : {}),
    properties: {
      tags: tags(rule),
      precision: "high",
      "problem.severity": PROBLEM_SEVERITY[rule.severity],
      "security-severity": SECURITY_SEVERITY[rule.severity],
    },
  };
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;

function safeUrl(text: string): string | null {
  try {
    return new URL(text).href;
  } catch {
    return null;
  }
}

/** The spec file as a URI relative to baseDir, or null when it is a URL or lies outside baseDir. */
function repoRelative(file: string, baseDir: string | undefined): string | null {
  if (URL_LIKE.test(file)) return null;
  if (!baseDir) return path.isAbsolute(file) ? null : encodeURI(file.split(path.sep).join("/"));
  const rel = path.relative(baseDir, path.resolve(baseDir, file));
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return encodeURI(rel.split(path.sep).join("/"));
}

function locations(f: Finding, report: ScanReport, opts: SarifOptions): Record<string, unknown>[] {
  const op = operationLabel(f);
  const logical = op ? [{ name: op, fullyQualifiedName: op, kind: "function" }] : undefined;
  const file = f.location?.file;
  const rel = file ? repoRelative(file, opts.baseDir) : null;
  if (file && rel && f.location) {
    const line = opts.locate?.(file, f.location.pointer) ?? null;
    return [
      {
        physicalLocation: { artifactLocation: { uri: rel, uriBaseId: "%SRCROOT%" }, region: { startLine: line ?? 1 } },
        ...(logical ? { logicalLocations: logical } : {}),
      },
    ];
  }
  const uri = safeUrl(f.operation?.url ?? "") ?? safeUrl(report.target.url) ?? encodeURI(report.target.url);
  return [
    {
      physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
      ...(logical ? { logicalLocations: logical } : {}),
    },
  ];
}

function message(f: Finding): string {
  const op = operationLabel(f);
  const places = placeCount(f);
  const head = op ? `${f.title} (${op})` : places > 1 ? `${f.title} (${places} places)` : f.title;
  const body = f.description && f.description !== f.title ? f.description : "";
  const text = body ? `${head}${/[.!?]$/.test(head) ? "" : "."} ${body}` : head;
  return truncate(oneLineText(text), MAX_MESSAGE);
}

function sarifResult(f: Finding, ruleIndex: number, report: ScanReport, opts: SarifOptions): Record<string, unknown> {
  const first = f.evidence[0];
  // A GraphQL operation's HTTP method is the one its evidence request used (POST, or GET for query strings).
  const method = isGraphqlOperation(f.operation) ? (/^([A-Z]+) /.exec(first?.request ?? "")?.[1] ?? "POST") : f.operation?.method.toUpperCase();
  const target = safeUrl(f.operation?.url ?? "");
  return {
    ruleId: f.checkId,
    ruleIndex,
    kind: "fail",
    level: LEVEL[f.severity],
    message: { text: message(f) },
    locations: locations(f, report, opts),
    partialFingerprints: { "rampartFindingId/v1": f.id },
    ...(method && target ? { webRequest: { method, target } } : {}),
    ...(first && first.status !== null
      ? { webResponse: { statusCode: first.status, body: { text: truncate(stripControl(first.excerpt), MAX_EXCERPT) } } }
      : {}),
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      "security-severity": SECURITY_SEVERITY[f.severity],
      evidence: f.evidence.map((e) => ({
        request: oneLineText(e.request),
        status: e.status,
        excerpt: truncate(stripControl(e.excerpt), MAX_EXCERPT),
        ...(e.note ? { note: oneLineText(e.note) } : {}),
      })),
      ...(f.occurrences?.length ? { occurrences: f.occurrences.map((o) => oneLineText(occurrenceLabel(o))) } : {}),
      ...(f.occurrencesOmitted ? { occurrencesOmitted: f.occurrencesOmitted } : {}),
      ...(f.reproduce ? { reproduce: stripControl(f.reproduce) } : {}),
      ...(f.reproduce && variablesFor(f, report).length ? { reproduceVariables: variablesFor(f, report) } : {}),
      remediation: stripControl(f.remediation.summary),
    },
  };
}

export function renderSarif(report: ScanReport, opts: SarifOptions = {}): string {
  const rules = rulesFor(report, opts.catalog ?? defaultCatalog());
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const fatal = fatalError(report);
  const notifications = [
    ...(report.incomplete ?? []).map((r) => ({ level: "error", message: { text: oneLineText(`scan incomplete (${r.code}): ${r.message}`) } })),
    ...(report.coverage?.notTested ?? []).map((n) => ({ level: "warning", message: { text: oneLineText(`not tested (${n.checkId}): ${n.reason}`) } })),
    ...report.errors.map((e) => ({
      level: e === fatal ? "error" : "warning",
      message: { text: oneLineText(`${e.phase}${e.checkId ? ` (${e.checkId})` : ""}: ${e.message}`) },
    })),
    // Not findings (no result, no alert): a note for whoever reads the run.
    ...(report.observations ?? []).map((o) => ({ level: "note", message: { text: oneLineText(`observed (${o.checkId}): ${o.message}`) } })),
  ];
  let hostKey = report.target.host;
  try {
    hostKey = new URL(report.target.url).host || hostKey;
  } catch {
    // keep the host the report names
  }
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Rampart",
            semanticVersion: report.tool.version,
            version: report.tool.version,
            ...(opts.docsBaseUrl && safeUrl(opts.docsBaseUrl) ? { informationUri: safeUrl(opts.docsBaseUrl) } : {}),
            rules: rules.map((r) => sarifRule(r, opts.docsBaseUrl)),
          },
        },
        automationDetails: { id: `rampart/${oneLineText(hostKey).replace(/\//g, "_")}/${report.scanId}` },
        invocations: [
          {
            executionSuccessful: fatal === null,
            startTimeUtc: report.startedAt,
            endTimeUtc: report.finishedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        columnKind: "utf16CodeUnits",
        results: report.findings.map((f) => sarifResult(f, index.get(f.checkId) ?? 0, report, opts)),
        properties: {
          target: report.target.url,
          score: report.score,
          grade: report.grade,
          incomplete: report.incomplete ?? null,
          rubricVersion: report.tool.rubricVersion,
          cap: report.cap,
          ...(report.coverage ? { coverage: report.coverage } : {}),
          suppressed: report.suppressed,
        },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
