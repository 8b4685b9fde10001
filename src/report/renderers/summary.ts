// The default terminal view: grade, score, category bars, findings one line each, what to do first.
import { SEVERITIES, type Finding } from "../../core/types.js";
import { whereLabel } from "./_catalog.js";
import { bar, gradeColour, pad, paint, safeText, severityColour } from "./_text.js";
import { variablesFor } from "./_reproduce.js";
import type { Renderer } from "./types.js";

function findingLine(f: Finding): string {
  const place = whereLabel(f);
  const where = place ? (f.operation ? ` ${place}` : ` (${place})`) : "";
  return safeText(`${f.title}${where}  [${f.checkId}]`);
}

export const renderSummary: Renderer = (report, opts) => {
  const c = paint(opts.color);
  const max = opts.maxFindings ?? 15;
  const lines: string[] = [];
  const g = gradeColour(c, report.grade);
  lines.push("");
  lines.push(`  ${c.bold("Rampart")} ${c.dim(`v${report.tool.version}`)}  ${safeText(report.target.url)}`);
  lines.push(`  Grade ${c.bold(g(report.grade))}   Score ${c.bold(g(String(report.score)))}/100` + (report.cap.applied ? c.dim(`   (${report.cap.reason})`) : ""));
  lines.push(
    c.dim(
      `  ${report.requests.sent} requests in ${(report.durationMs / 1000).toFixed(1)} s · spec: ${report.target.specUrl ? safeText(report.target.specUrl) : "none found"} · mode ${String(report.options["mode"])}`,
    ),
  );
  lines.push("");
  for (const cat of report.categories) {
    if (!cat.applicable) continue;
    const cg = gradeColour(c, cat.grade);
    lines.push(`  ${pad(cat.name, 34)} ${cg(bar(cat.score))} ${pad(String(cat.score), 3)} ${cg(cat.grade)}${cat.findings ? c.dim(`  ${cat.findings} finding${cat.findings > 1 ? "s" : ""}`) : ""}`);
  }
  const na = report.categories.filter((x) => !x.applicable).map((x) => x.name);
  if (na.length) lines.push(c.dim(`  not applicable: ${na.join(", ")}`));
  lines.push("");
  if (report.findings.length === 0) {
    lines.push(`  ${c.green("No findings.")}`);
  } else {
    const counts = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
    lines.push(`  Findings: ${counts.map(([s, n]) => severityColour(c, s)(`${n} ${s}`)).join(", ")}`);
    for (const f of report.findings.slice(0, max)) {
      lines.push(`  ${severityColour(c, f.severity)(pad(f.severity.toUpperCase(), 8))} ${findingLine(f)}`);
    }
    if (report.findings.length > max) lines.push(c.dim(`  … and ${report.findings.length - max} more (use --format table or json)`));
    const first = report.findings[0];
    if (first) {
      lines.push("");
      lines.push(`  ${c.bold("Fix first:")} ${safeText(first.remediation.summary)}`);
      if (first.reproduce) {
        lines.push(c.dim(`  reproduce: ${safeText(first.reproduce)}`));
        for (const v of variablesFor(first, report)) lines.push(c.dim(`    $${v.variable}: ${safeText(v.holds)}${v.set ? ` — ${safeText(v.set)}` : ""}`));
      }
    }
  }
  if (report.suppressed.length) lines.push(c.dim(`  ${report.suppressed.length} finding(s) suppressed by baseline`));
  if (report.skipped.operations.length)
    lines.push(c.dim(`  ${report.skipped.operations.length} operation(s) not called in ${String(report.options["mode"])} mode (state-changing); see the JSON report`));
  if (report.requests.incomplete) lines.push(c.yellow(`  Incomplete: ${safeText(report.requests.incomplete)}`));
  if (report.errors.length) {
    lines.push(c.dim(`  ${report.errors.length} error(s) recorded:`));
    for (const e of report.errors.slice(0, 5)) lines.push(c.dim(`    [${e.phase}${e.checkId ? ` ${e.checkId}` : ""}] ${safeText(e.message)}`));
  }
  lines.push("");
  return lines.join("\n");
};
