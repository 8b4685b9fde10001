// The PDF report as a pdfmake document definition: cover, executive summary, category table, findings by
// severity with evidence and fixes, a compliance mapping and the scan's metadata. Pure data: no I/O, no
// clock (the date printed is the scan's own), so tests can read the structure without rendering.
import type { Content, DocumentDefinition, TableCell } from "./definition.js";
import { capLine, coverageLine, incompleteReasons, isIncomplete, isNotTested } from "../renderers/_coverage.js";
import { SEVERITIES, type Finding, type Grade, type ScanReport, type Severity } from "../../core/types.js";
import { fatalError, operationLabel, placeLabels, whereLabel } from "../renderers/_catalog.js";
import { stripControl, truncate } from "../renderers/_escape.js";
import { reproduceScript } from "../renderers/_reproduce.js";
import { complianceRows, COMPLIANCE_FRAMEWORKS } from "./compliance.js";

export interface PdfOptions {
  /** Outcome of a gate to print on the cover, when one was asked for. */
  gate?: { passed: boolean; reasons: string[]; couldNotScan?: boolean };
  /** Findings printed in full; the rest are listed in a table (keeps auditors' PDFs readable). */
  maxDetailed?: number;
}

const GRADE_COLOUR: Record<Grade, string> = { A: "#1a7f37", B: "#1a7f37", C: "#9a6700", D: "#bc4c00", F: "#cf222e" };
const SEVERITY_COLOUR: Record<Severity, string> = {
  critical: "#8b0000",
  high: "#cf222e",
  medium: "#9a6700",
  low: "#0969da",
  info: "#57606a",
};
const EXCERPT_CHARS = 600;
const CODE_CHARS = 1500;

/** Text from the target or the scan, made safe for a PDF string: no control characters, bounded. */
function clean(text: string, max = 4000): string {
  return truncate(stripControl(text), max);
}

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function option(report: ScanReport, name: string): string | null {
  const v = report.options[name];
  return typeof v === "string" || typeof v === "number" ? String(v) : null;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function severityLine(findings: readonly Finding[]): string {
  if (!findings.length) return "No findings";
  const counts = countBySeverity(findings);
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return `${findings.length} finding${findings.length === 1 ? "" : "s"}: ${parts.join(", ")}`;
}

/** `FastAPI · uvicorn · CockroachDB`, from the fingerprint, when anything was recognised. */
function stackLine(report: ScanReport): string | null {
  const fp = report.fingerprint;
  const names = [fp.framework, fp.server, fp.database].filter((x) => x !== null).map((x) => clean(x.name, 60));
  return names.length ? `Stack: ${names.join(" · ")}` : null;
}

function cover(report: ScanReport, opts: PdfOptions): Content[] {
  const date = report.finishedAt.slice(0, 10);
  const fatal = fatalError(report);
  const incomplete = report.requests.incomplete;
  return [
    { text: "API security assessment", style: "coverTitle" },
    { text: clean(report.target.url, 300), style: "coverTarget" },
    { text: `Scanned ${date} · report ${report.scanId}`, style: "muted", margin: [0, 0, 0, 40] },
    {
      columns: [
        {
          width: 140,
          stack: [
            { text: report.grade, style: "grade", color: GRADE_COLOUR[report.grade] },
            { text: isIncomplete(report) ? "grade (incomplete)" : "grade", style: isIncomplete(report) ? "warning" : "muted", alignment: "center" },
          ],
        },
        {
          width: "*",
          margin: [20, 20, 0, 0],
          stack: [
            { text: `Score ${report.score} / 100`, style: "scoreLine" },
            { text: severityLine(report.findings), margin: [0, 0, 0, 4] },
            ...(stackLine(report) ? [{ text: stackLine(report) ?? "", style: "muted", margin: [0, 0, 0, 4] } as Content] : []),
            ...incompleteReasons(report).map((r): Content => ({ text: `Incomplete scan, the grade is not to be trusted: ${clean(r, 300)}`, style: "warning" })),
            ...(capLine(report) ? [{ text: clean(capLine(report) ?? "", 300), style: "muted" }] : []),
            ...(coverageLine(report) ? [{ text: clean(coverageLine(report) ?? "", 300), style: "muted" }] : []),
            ...(incomplete ? [{ text: `Incomplete: ${clean(incomplete, 300)}`, style: "warning" }] : []),
            ...(fatal ? [{ text: `Could not scan: ${clean(fatal.message, 300)}`, style: "warning" }] : []),
            ...(opts.gate
              ? [{ text: opts.gate.passed ? "Gate passed" : `${opts.gate.couldNotScan ? "Could not scan" : "Gate failed"}: ${clean(opts.gate.reasons.join("; "), 300)}`, style: opts.gate.passed ? "muted" : "warning" }]
              : []),
          ],
        },
      ],
    },
    { text: "", pageBreak: "after" },
  ];
}

function executiveSummary(report: ScanReport): Content[] {
  const counts = countBySeverity(report.findings);
  const weakest = report.categories.filter((c) => c.applicable && !isNotTested(c) && c.score < 80).sort((a, b) => a.score - b.score);
  const total = report.findings.length;
  const worst = report.findings.filter((f) => f.severity === "critical" || f.severity === "high").slice(0, 5);
  const verdict =
    total === 0
      ? "The scan found no security weakness in what it tested."
      : `The scan found ${total} issue${total === 1 ? "" : "s"}: ${SEVERITIES.filter((s) => counts[s] > 0)
          .map((s) => `${counts[s]} ${s}`)
          .join(", ")}.`;
  return [
    { text: "Executive summary", style: "h1" },
    ...(isIncomplete(report)
      ? [{ text: `The scan is incomplete, so its grade is not to be trusted: ${clean(incompleteReasons(report).join("; "), 600)}`, style: "warning", margin: [0, 0, 0, 6] } as Content]
      : []),
    { text: verdict, margin: [0, 0, 0, 6] },
    weakest.length
      ? { text: `Weakest areas: ${weakest.map((c) => `${c.name} (${c.grade}, ${c.score})`).join("; ")}.`, margin: [0, 0, 0, 6] }
      : { text: "Every tested category scores 80 or more.", margin: [0, 0, 0, 6] },
    ...(worst.length
      ? [
          { text: "Fix first", style: "h3" },
          { ul: worst.map((f) => `${cap(f.severity)}: ${clean(f.title, 300)}${operationLabel(f) ? ` (${clean(operationLabel(f) ?? "", 200)})` : ""}`), margin: [0, 0, 0, 6] } as Content,
        ]
      : []),
    {
      table: {
        headerRows: 1,
        widths: SEVERITIES.map(() => "*"),
        body: [SEVERITIES.map((s) => ({ text: cap(s), style: "th" })), SEVERITIES.map((s) => ({ text: String(counts[s]), alignment: "center", color: SEVERITY_COLOUR[s] }))],
      },
      layout: "lightHorizontalLines",
      margin: [0, 6, 0, 12],
    },
  ];
}

function categoryTable(report: ScanReport): Content[] {
  const body: TableCell[][] = [
    [
      { text: "Category", style: "th" },
      { text: "Score", style: "th" },
      { text: "Grade", style: "th" },
      { text: "Findings", style: "th" },
      { text: "Weight", style: "th" },
    ],
    ...report.categories.map((c): TableCell[] =>
      c.applicable && !isNotTested(c)
        ? [c.name, String(c.score), { text: c.grade, color: GRADE_COLOUR[c.grade], bold: true }, String(c.findings), String(c.weight)]
        : [c.name, { text: c.applicable ? "not tested" : "not applicable", colSpan: 2, style: "muted" }, "", String(c.findings), String(c.weight)],
    ),
  ];
  return [
    { text: "Categories", style: "h1" },
    { table: { headerRows: 1, widths: ["*", 50, 50, 60, 50], body }, layout: "lightHorizontalLines", margin: [0, 0, 0, 12] },
  ];
}

function findingBlock(f: Finding, index: number, report: ScanReport): Content {
  const op = operationLabel(f);
  const facts = [`${cap(f.severity)} · ${f.confidence}`, f.checkId, ...(op ? [clean(op, 300)] : [])].join("   ");
  const evidence: Content[] = f.evidence.slice(0, 3).map((e) => ({
    stack: [
      { text: clean(`${e.request}${e.status !== null ? ` → ${e.status}` : ""}${e.note ? ` (${e.note})` : ""}`, 400), style: "small" },
      ...(e.excerpt ? [{ text: clean(e.excerpt, EXCERPT_CHARS), style: "code" }] : []),
    ],
    margin: [0, 0, 0, 4],
  }));
  const fix = f.remediation;
  const places = placeLabels(f, 20);
  return {

    stack: [
      { text: `${index + 1}. ${clean(f.title, 300)}`, style: "h3", color: SEVERITY_COLOUR[f.severity] },
      { text: facts, style: "muted", margin: [0, 0, 0, 4] },
      { text: clean(f.description), margin: [0, 0, 0, 4] },
      ...(places ? [{ text: "Seen at", style: "label" }, { text: clean(`${places.shown.join(", ")}${places.more ? ` and ${places.more} more` : ""}`, 2000), style: "small" }] : []),
      ...(evidence.length ? [{ text: "Evidence", style: "label" }, ...evidence] : []),
      ...(f.reproduce ? [{ text: "Reproduce", style: "label" }, { text: clean(reproduceScript(f, report), CODE_CHARS), style: "code" }] : []),
      { text: `Fix${fix.framework ? ` (${clean(fix.framework, 80)})` : ""}`, style: "label" },
      { text: clean(fix.summary) },
      ...(fix.steps.length ? [{ ol: fix.steps.map((s) => clean(s, 600)), margin: [0, 2, 0, 2] } as Content] : []),
      ...(fix.code ? [{ text: clean(fix.code, CODE_CHARS), style: "code" }] : []),
    ],
    margin: [0, 0, 0, 14],
    unbreakable: false,
  };
}

function findingsSection(report: ScanReport, opts: PdfOptions): Content[] {
  if (!report.findings.length) return [{ text: "Findings", style: "h1", pageBreak: "before" }, { text: "No findings." }];
  const limit = opts.maxDetailed ?? 60;
  const detailed = report.findings.slice(0, limit);
  const rest = report.findings.slice(limit);
  const out: Content[] = [{ text: "Findings", style: "h1", pageBreak: "before" }];
  for (const severity of SEVERITIES) {
    const group = detailed.filter((f) => f.severity === severity);
    if (!group.length) continue;
    out.push({ text: `${cap(severity)} (${group.length})`, style: "h2", color: SEVERITY_COLOUR[severity] });
    for (const f of group) out.push(findingBlock(f, report.findings.indexOf(f), report));
  }
  if (rest.length) {
    out.push({ text: `${rest.length} more finding${rest.length === 1 ? "" : "s"}`, style: "h2" });
    out.push({
      table: {
        headerRows: 1,
        widths: [55, "*", 150],
        body: [
          [{ text: "Severity", style: "th" }, { text: "Finding", style: "th" }, { text: "Operation", style: "th" }],
          ...rest.map((f): TableCell[] => [cap(f.severity), clean(f.title, 300), clean(whereLabel(f) ?? "", 200)]),
        ],
      },
      layout: "lightHorizontalLines",
      fontSize: 8,
    });
  }
  return out;
}

function complianceSection(report: ScanReport): Content[] {
  const rows = complianceRows(report.findings);
  const header: TableCell[] = [{ text: "Control", style: "th" }, ...[{ text: "Findings", style: "th" }]];
  const out: Content[] = [
    { text: "Compliance mapping", style: "h1", pageBreak: "before" },
    {
      text: "Each finding mapped to the controls it bears on. A control with no finding here was either not affected or not testable from outside the API; this is evidence for an assessment, not a certification.",
      style: "muted",
      margin: [0, 0, 0, 8],
    },
  ];
  for (const fw of COMPLIANCE_FRAMEWORKS) {
    const fwRows = rows.filter((r) => r.framework === fw.id);
    out.push({ text: fw.name, style: "h2" });
    if (!fwRows.length) {
      out.push({ text: "No finding maps to this framework.", style: "muted", margin: [0, 0, 0, 8] });
      continue;
    }
    out.push({
      table: {
        headerRows: 1,
        widths: [150, "*"],
        body: [header, ...fwRows.map((r): TableCell[] => [{ text: r.control, bold: true }, { text: r.findings.map((f) => `#${f.index} ${clean(f.title, 200)} (${f.severity})`).join("\n") }])],
      },
      layout: "lightHorizontalLines",
      margin: [0, 0, 0, 10],
    });
  }
  return out;
}

function metadataSection(report: ScanReport): Content[] {
  const rows: [string, string][] = [
    ["Target", clean(report.target.url, 300)],
    ["API description", report.target.specUrl ? clean(report.target.specUrl, 300) : report.target.specRejected ? `rejected: ${clean(report.target.specRejected, 300)} (the URL alone was scanned)` : "none found (the URL alone was scanned)"],
    ["Mode", option(report, "mode") ?? "safe"],
    ["Depth", option(report, "depth") ?? "standard"],
    ...(option(report, "context") ? [["Context", option(report, "context") ?? ""] as [string, string]] : []),
    ["Requests", `${report.requests.sent} sent of a ${report.requests.budget} budget; ${report.requests.errors} failed; ${report.requests.throttled} throttled`],
    ["Started", report.startedAt],
    ["Finished", report.finishedAt],
    ["Duration", `${(report.durationMs / 1000).toFixed(1)} s`],
    ["Scanner", `rampart ${report.tool.version}, scoring rubric v${report.tool.rubricVersion}`],
    ["Scan id", report.scanId],
    ["Suppressed", `${report.suppressed.length} finding(s) accepted or marked false positive`],
    ["Skipped", `${report.skipped.operations.length} operation(s), ${report.skipped.checks.length} check(s)`],
    // What checks saw that is not a finding (no score effect), e.g. a key URL fetched from a refused token.
    ...(report.observations?.length
      ? [["Observations", report.observations.slice(0, 10).map((o) => clean(`${o.checkId}: ${o.message}`, 300)).join("\n")] as [string, string]]
      : []),
    ["Errors", report.errors.length ? report.errors.slice(0, 10).map((e) => clean(`${e.phase}${e.checkId ? ` ${e.checkId}` : ""}: ${e.message}`, 300)).join("\n") : "none"],
  ];
  return [
    { text: "Scan metadata", style: "h1" },
    { table: { widths: [100, "*"], body: rows.map(([k, v]) => [{ text: k, bold: true }, v]) }, layout: "lightHorizontalLines" },
  ];
}

/** The whole document definition for a report. */
export function pdfDocument(report: ScanReport, opts: PdfOptions = {}): DocumentDefinition {
  return {
    info: {
      title: `API security assessment: ${clean(report.target.url, 200)}`,
      subject: `Grade ${report.grade}, score ${report.score}`,
      creator: `rampart ${report.tool.version}`,
      producer: "rampart",
    },
    pageSize: "A4",
    pageMargins: [48, 56, 48, 56],
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `rampart · ${clean(report.target.host, 120)} · ${report.finishedAt.slice(0, 10)}`, style: "footer" },
        { text: `${page} / ${pages}`, alignment: "right", style: "footer" },
      ],
      margin: [48, 20, 48, 0],
    }),
    content: [...cover(report, opts), ...executiveSummary(report), ...categoryTable(report), ...findingsSection(report, opts), ...complianceSection(report), ...metadataSection(report)],
    defaultStyle: { font: "Roboto", fontSize: 9.5, lineHeight: 1.2 },
    styles: {
      coverTitle: { fontSize: 26, bold: true, margin: [0, 120, 0, 8] },
      coverTarget: { fontSize: 14, margin: [0, 0, 0, 4] },
      grade: { fontSize: 96, bold: true, alignment: "center" },
      scoreLine: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h1: { fontSize: 16, bold: true, margin: [0, 12, 0, 8] },
      h2: { fontSize: 13, bold: true, margin: [0, 10, 0, 6] },
      h3: { fontSize: 11, bold: true, margin: [0, 6, 0, 2] },
      th: { bold: true },
      label: { bold: true, fontSize: 8.5, margin: [0, 4, 0, 1] },
      muted: { color: "#57606a" },
      warning: { color: "#cf222e", bold: true },
      small: { fontSize: 8 },
      code: { fontSize: 7.5, color: "#24292f", background: "#f6f8fa", preserveLeadingSpaces: true },
      footer: { fontSize: 7.5, color: "#57606a" },
    },
  };
}
