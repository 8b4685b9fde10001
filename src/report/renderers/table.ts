// Every finding as one table row: severity, confidence, check, operation, title.
import { whereLabel } from "./_catalog.js";
import { capLine, coverageLine, gradeLabel, incompleteReasons, isNotTested } from "./_coverage.js";
import { bar, pad, paint, safeText, severityColour } from "./_text.js";
import type { Renderer } from "./types.js";

export const renderTable: Renderer = (report, opts) => {
  const c = paint(opts.color);
  const rows = report.findings.map((f) => ({
    sev: f.severity,
    conf: f.confidence,
    check: f.checkId,
    op: whereLabel(f) ?? "-",
    title: safeText(f.title),
  }));
  const w = {
    check: Math.max(5, ...rows.map((r) => r.check.length)),
    op: Math.min(48, Math.max(9, ...rows.map((r) => r.op.length))),
  };
  const out: string[] = [];
  out.push(`Grade ${gradeLabel(report)}  Score ${report.score}/100  ${safeText(report.target.url)}`);
  for (const r of incompleteReasons(report)) out.push(`Incomplete: ${safeText(r)}`);
  for (const line of [capLine(report), coverageLine(report)]) if (line) out.push(safeText(line));
  out.push("");
  out.push(`${pad("CATEGORY", 34)} ${pad("SCORE", 27)} FINDINGS`);
  for (const cat of report.categories) {
    const score = isNotTested(cat) ? pad("not tested", 26) : cat.applicable ? `${bar(cat.score)} ${pad(String(cat.score), 3)} ${cat.grade}` : pad("n/a", 26);
    out.push(`${pad(cat.name, 34)} ${score}  ${cat.findings}`);
  }
  out.push("");
  out.push(`${pad("SEVERITY", 9)} ${pad("CONFIDENCE", 10)} ${pad("CHECK", w.check)} ${pad("OPERATION", w.op)} TITLE`);
  for (const r of rows) {
    const op = safeText(r.op.length > w.op ? `${r.op.slice(0, w.op - 1)}…` : r.op);
    out.push(`${severityColour(c, r.sev)(pad(r.sev, 9))} ${pad(r.conf, 10)} ${pad(r.check, w.check)} ${pad(op, w.op)} ${r.title}`);
  }
  if (rows.length === 0) out.push("(no findings)");
  out.push("");
  return out.join("\n");
};
