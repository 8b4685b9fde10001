// Every finding as one table row: severity, confidence, check, operation, title.
import { whereLabel } from "./_catalog.js";
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
  out.push(`Grade ${report.grade}  Score ${report.score}/100  ${safeText(report.target.url)}`);
  out.push("");
  out.push(`${pad("CATEGORY", 34)} ${pad("SCORE", 27)} FINDINGS`);
  for (const cat of report.categories) {
    out.push(`${pad(cat.name, 34)} ${cat.applicable ? `${bar(cat.score)} ${pad(String(cat.score), 3)} ${cat.grade}` : pad("n/a", 26)}  ${cat.findings}`);
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
