// The default terminal view: grade, score, category bars, findings one line each, what to do first.
import { SEVERITIES, type Finding } from "../../core/types.js";
import { whereLabel } from "./_catalog.js";
import { capLine, coverageLine, gradeLabel, incompleteReasons, isIncomplete, isNotTested } from "./_coverage.js";
import { bar, gradeColour, pad, paint, safeText, severityColour } from "./_text.js";
import { transportNote } from "./_catalog.js";
import { variablesFor } from "./_reproduce.js";
import { changeText, changesLine, changesToReview } from "./_changes.js";
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
  const grade = isIncomplete(report) ? c.yellow(gradeLabel(report)) : g(report.grade);
  const cap = capLine(report);
  lines.push(`  Grade ${c.bold(grade)}   Score ${c.bold(g(String(report.score)))}/100` + (cap ? c.dim(`   (${cap})`) : ""));
  for (const reason of incompleteReasons(report)) lines.push(c.yellow(`  Incomplete: ${safeText(reason)}`));
  lines.push(
    c.dim(
      `  ${report.requests.sent} requests in ${(report.durationMs / 1000).toFixed(1)} s · spec: ${report.target.specUrl ? safeText(report.target.specUrl) : report.target.specRejected ? `rejected (${safeText(report.target.specRejected)})` : "none found"} · mode ${String(report.options["mode"])}`,
    ),
  );
  const coverage = coverageLine(report);
  if (coverage) lines.push(c.dim(`  ${coverage}`));
  lines.push("");
  for (const cat of report.categories) {
    if (!cat.applicable) continue;
    if (isNotTested(cat)) {
      lines.push(`  ${pad(cat.name, 34)} ${c.yellow("not tested")}${c.dim("  (no check got a usable answer)")}`);
      continue;
    }
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
  const transport = transportNote(report);
  if (transport) lines.push(c.dim(`  ${transport}`));
  if (report.suppressed.length) lines.push(c.dim(`  ${report.suppressed.length} finding(s) suppressed by baseline`));
  if (report.skipped.operations.length)
    lines.push(c.dim(`  ${report.skipped.operations.length} operation(s) not called in ${String(report.options["mode"])} mode (state-changing); see the JSON report`));
  if (report.requests.incomplete) lines.push(c.yellow(`  Incomplete: ${safeText(report.requests.incomplete)}`));
  const changes = changesLine(report);
  if (changes) {
    const review = changesToReview(report);
    lines.push((review.length ? c.yellow : c.dim)(`  ${safeText(changes)}`));
    for (const ch of review.slice(0, 5)) lines.push(c.yellow(`    ${safeText(changeText(ch))}`));
    if (review.length > 5) lines.push(c.dim(`    … and ${review.length - 5} more (see the report's changes)`));
  }
  const notTested = report.coverage?.notTested ?? [];
  if (notTested.length) {
    lines.push(c.yellow(`  ${notTested.length} check(s) not tested (every probe failed):`));
    for (const n of notTested.slice(0, 5)) lines.push(c.dim(`    ${n.checkId}: ${safeText(n.reason)}`));
    if (notTested.length > 5) lines.push(c.dim(`    … and ${notTested.length - 5} more (see the JSON report)`));
  }
  // A probe left out for want of a setting (jku/x5u without --callback-host) is said where the user looks.
  const partly = report.skipped.checks.filter((s) => s.partial);
  if (partly.length) {
    lines.push(c.dim(`  ${partly.length} check(s) partly skipped:`));
    for (const s of partly.slice(0, 5)) lines.push(c.dim(`    ${s.checkId}: ${safeText(s.reason)}`));
  }
  const observations = report.observations ?? [];
  if (observations.length) {
    lines.push(c.dim(`  ${observations.length} observation(s), not findings (no score effect):`));
    for (const o of observations.slice(0, 5)) lines.push(c.dim(`    ${o.checkId}: ${safeText(o.message)}`));
    if (observations.length > 5) lines.push(c.dim(`    … and ${observations.length - 5} more (see the JSON report)`));
  }
  if (report.errors.length) {
    lines.push(c.dim(`  ${report.errors.length} error(s) recorded:`));
    for (const e of report.errors.slice(0, 5)) lines.push(c.dim(`    [${e.phase}${e.checkId ? ` ${e.checkId}` : ""}] ${safeText(e.message)}`));
  }
  lines.push("");
  return lines.join("\n");
};
