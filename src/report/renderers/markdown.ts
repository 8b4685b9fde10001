// GitHub-flavoured Markdown for PR comments and job summaries: grade, score, category bars, the worst
// findings with their fixes, the rest as table rows, cut to a size budget with a count of what was left out.
import path from "node:path";
import { changeText, changesLine, changesToReview } from "./_changes.js";
import type { Finding, ScanReport, Severity } from "../../core/types.js";
import { SEVERITIES } from "../../core/types.js";
import { fatalError, operationLabel, placeLabels, transportNote, whereLabel } from "./_catalog.js";
import { capLine, categoryCoverage, coverageLine, gradeLabel, incompleteReasons, isNotTested } from "./_coverage.js";
import { escapeMarkdown, markdownCode, markdownCodeBlock, oneLineText, stripControl, truncate } from "./_escape.js";
import { reproduceScript } from "./_reproduce.js";

export interface MarkdownOptions {
  /** Character budget; GitHub rejects comments over 65,536 characters. */
  maxChars?: number;
  /** Findings shown with description, fix and evidence; the rest are table rows. */
  topFindings?: number;
  /** Hidden first line that identifies a sticky comment, e.g. `<!-- rampart-report -->`. */
  marker?: string;
  /** Outcome of the CI gate, shown under the headline when given. */
  gate?: { passed: boolean; reasons: string[]; couldNotScan?: boolean };
  /** Where the full report lives (a workflow run or artifact URL). */
  reportUrl?: string;
  /** Repository root: a spec file under it is shown by its relative path. */
  baseDir?: string;
}

export const GITHUB_COMMENT_LIMIT = 65_536;
const DEFAULT_MAX = 60_000;

const ICON: Record<Severity, string> = { critical: "🔴", high: "🟠", medium: "🟡", low: "🔵", info: "⚪" };
const GRADE_ICON: Record<string, string> = { A: "🟢", B: "🟢", C: "🟡", D: "🟠", F: "🔴" };

function cap(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A table cell: `|` must be escaped even inside code spans. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

function bar(score: number, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round((score / 100) * width)));
  return "█".repeat(filled) + "░".repeat(width - filled);
}

function specLabel(spec: string, baseDir: string | undefined): string {
  if (!baseDir || /^[a-z][a-z0-9+.-]*:\/\//i.test(spec) || !path.isAbsolute(spec)) return spec;
  const rel = path.relative(baseDir, spec);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : spec;
}

function header(report: ScanReport, opts: MarkdownOptions): string[] {
  const o = report.options;
  const mode = typeof o["mode"] === "string" ? o["mode"] : "safe";
  const facts = [
    `**Target** ${markdownCode(report.target.url)}`,
    report.target.specUrl ? `spec ${markdownCode(specLabel(report.target.specUrl, opts.baseDir))}` : report.target.specRejected ? `spec rejected: ${markdownCode(report.target.specRejected)}` : "no spec",
    `mode ${markdownCode(String(mode))}`,
    ...(typeof o["depth"] === "string" ? [`depth ${markdownCode(o["depth"])}`] : []),
    ...(typeof o["context"] === "string" ? [`context ${markdownCode(o["context"])}`] : []),
    `${report.requests.sent} requests in ${(report.durationMs / 1000).toFixed(1)} s`,
  ];
  const lines = [
    ...(opts.marker ? [opts.marker] : []),
    `## 🛡️ Rampart API security: grade **${gradeLabel(report)}** · score **${report.score}**/100`,
    "",
    facts.join(" · "),
    "",
  ];
  if (opts.gate) {
    lines.push(
      opts.gate.passed
        ? "> [!NOTE]\n> ✅ **Gate passed.**"
        : `> [!CAUTION]\n> ❌ **${opts.gate.couldNotScan ? "Could not scan" : "Gate failed"}:** ${opts.gate.reasons.map(escapeMarkdown).join("; ")}`,
      "",
    );
  }
  const incomplete = incompleteReasons(report);
  if (incomplete.length) lines.push(`> [!WARNING]\n> ⚠️ **Incomplete scan: the grade is not to be trusted.**\n${incomplete.map((r) => `> - ${escapeMarkdown(r)}`).join("\n")}`, "");
  const cap = capLine(report);
  if (cap) lines.push(`> ${escapeMarkdown(cap)}`, "");
  if (report.requests.incomplete) lines.push(`> ⚠️ Incomplete scan: ${escapeMarkdown(report.requests.incomplete)}`, "");
  const coverage = coverageLine(report);
  if (coverage) lines.push(escapeMarkdown(coverage), "");
  const notTested = report.coverage?.notTested ?? [];
  if (notTested.length) {
    const shown = notTested.slice(0, 10).map((n) => `- ${markdownCode(n.checkId)}: ${escapeMarkdown(truncate(n.reason, 200))}`);
    const more = notTested.length > 10 ? [`- …and ${notTested.length - 10} more`] : [];
    lines.push(`<details><summary>${notTested.length} check(s) not tested: every probe failed</summary>`, "", ...shown, ...more, "", "</details>", "");
  }
  // Part of a check left out for want of a setting (jku/x5u without a callback host), and what checks saw
  // that is not a finding: a line each, folded, so the reviewer knows what the grade does not cover.
  lines.push(...checkNotes(`check(s) partly skipped`, report.skipped.checks.filter((s) => s.partial).map((s) => [s.checkId, s.reason])));
  lines.push(...checkNotes(`observation(s), not findings (no score effect)`, (report.observations ?? []).map((o) => [o.checkId, o.message])));
  const transport = transportNote(report);
  if (transport) lines.push(`> ${escapeMarkdown(transport)}`, "");
  return lines;
}

function categoryTable(report: ScanReport): string[] {
  const covered = (id: string) => escapeMarkdown(categoryCoverage(report, id) ?? "–");
  const rows = report.categories.map((c) =>
    isNotTested(c)
      ? `| ${escapeMarkdown(c.name)} | not tested | – | – | ${covered(c.id)} |`
      : c.applicable
        ? `| ${escapeMarkdown(c.name)} | \`${bar(c.score)}\` ${c.score} | ${GRADE_ICON[c.grade] ?? ""} ${c.grade} | ${c.findings} | ${covered(c.id)} |`
        : `| ${escapeMarkdown(c.name)} | not applicable | – | – | – |`,
  );
  return ["| Category | Score | Grade | Findings | Coverage |", "|:--|:--|:-:|--:|:--|", ...rows, ""];
}

function counts(report: ScanReport): string {
  const parts = SEVERITIES.map((s) => [s, report.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${ICON[s]} ${n} ${s}`);
  const suppressed = report.suppressed.length ? ` · ${report.suppressed.length} suppressed by baseline` : "";
  return `**Findings:** ${parts.length ? parts.join(" · ") : "none"}${suppressed}`;
}

function details(f: Finding, n: number, report: ScanReport): string {
  const op = operationLabel(f);
  const lines = [
    `#### ${n}. ${ICON[f.severity]} ${cap(f.severity)} · ${escapeMarkdown(f.title)}`,
    "",
    [markdownCode(f.checkId), ...(op ? [markdownCode(op)] : []), `confidence ${f.confidence}`].join(" · "),
    "",
  ];
  if (f.description && f.description !== f.title) lines.push(escapeMarkdown(truncate(f.description, 1200)), "");
  const places = placeLabels(f, 10);
  if (places) lines.push(`**Seen at:** ${places.shown.map((p) => markdownCode(truncate(p, 200))).join(", ")}${places.more ? ` and ${places.more} more` : ""}`, "");
  lines.push(`**Fix:** ${escapeMarkdown(f.remediation.summary)}`);
  if (f.remediation.steps.length) lines.push("", ...f.remediation.steps.slice(0, 8).map((s, i) => `${i + 1}. ${escapeMarkdown(s)}`));
  if (f.remediation.code) lines.push("", markdownCodeBlock(truncate(f.remediation.code, 1500)));
  const evidence = f.evidence
    .slice(0, 3)
    .map((e) => `${oneLineText(e.request)} → ${e.status ?? "no status"}${e.note ? ` (${oneLineText(e.note)})` : ""}\n${truncate(stripControl(e.excerpt), 600)}`);
  if (evidence.length || f.reproduce) {
    lines.push("", "<details><summary>Evidence and reproduce</summary>", "");
    if (evidence.length) lines.push(markdownCodeBlock(evidence.join("\n\n"), "text"), "");
    if (f.reproduce) lines.push(markdownCodeBlock(truncate(reproduceScript(f, report), 3000), "sh"), "");
    lines.push("</details>");
  }
  // A blank line must end an HTML block, or the next heading is swallowed by it.
  lines.push("", "");
  return lines.join("\n");
}

/** A folded list of `checkId: text` lines under a counted summary; nothing when empty. */
function checkNotes(what: string, notes: readonly (readonly [string, string])[]): string[] {
  if (!notes.length) return [];
  const shown = notes.slice(0, 5).map(([id, text]) => `- ${markdownCode(id)}: ${escapeMarkdown(truncate(text, 300))}`);
  const more = notes.length > 5 ? [`- …and ${notes.length - 5} more`] : [];
  return [`<details><summary>${notes.length} ${what}</summary>`, "", ...shown, ...more, "", "</details>", ""];
}

function row(f: Finding): string {
  const op = whereLabel(f);
  return `| ${ICON[f.severity]} ${f.severity} | ${cell(markdownCode(f.checkId))} | ${op ? cell(markdownCode(op)) : "–"} | ${escapeMarkdown(truncate(f.title, 200))} |`;
}

function errorLines(report: ScanReport): string[] {
  if (!report.errors.length) return [];
  const shown = report.errors.slice(0, 5).map((e) => `- ${markdownCode(e.phase)}${e.checkId ? ` ${markdownCode(e.checkId)}` : ""}: ${escapeMarkdown(truncate(e.message, 300))}`);
  const more = report.errors.length > 5 ? [`- …and ${report.errors.length - 5} more`] : [];
  return [`<details><summary>⚠️ ${report.errors.length} error(s) during the scan</summary>`, "", ...shown, ...more, "", "</details>", "", ""];
}

function changeLines(report: ScanReport): string[] {
  const line = changesLine(report);
  if (!line) return [];
  const review = changesToReview(report);
  const shown = review.slice(0, 10).map((c) => `- ${escapeMarkdown(truncate(changeText(c), 400))}`);
  const more = review.length > 10 ? [`- …and ${review.length - 10} more`] : [];
  return [`<details><summary>${review.length ? "⚠️ " : ""}${escapeMarkdown(line)}</summary>`, "", ...(shown.length ? shown : ["- every change was undone or rejected"]), ...more, "", "</details>", "", ""];
}

export function renderMarkdown(report: ScanReport, opts: MarkdownOptions = {}): string {
  const max = Math.min(opts.maxChars ?? DEFAULT_MAX, GITHUB_COMMENT_LIMIT);
  const footer = [
    "",
    `<sub>Rampart ${escapeMarkdown(report.tool.version)} · rubric v${escapeMarkdown(report.tool.rubricVersion)} · scan ${markdownCode(report.scanId)}${
      opts.reportUrl ? ` · [full report](${encodeURI(opts.reportUrl).replace(/[()]/g, (c) => encodeURIComponent(c))})` : ""
    }</sub>`,
    "",
  ].join("\n");
  const fatal = fatalError(report);
  if (fatal) {
    const head = [...(opts.marker ? [opts.marker] : []), "## 🛡️ Rampart API security: scan could not run", ""];
    const body = `❌ ${markdownCode(report.target.url)}: ${escapeMarkdown(truncate(fatal.message, 1000))}\n\n`;
    return head.join("\n") + "\n" + body + errorLines(report).join("\n") + footer;
  }
  let out = [...header(report, opts), ...categoryTable(report), counts(report), ""].join("\n") + "\n";
  out += errorLines(report).join("\n");
  out += changeLines(report).join("\n");
  const reserve = footer.length + 200;
  const top = opts.topFindings ?? 10;
  let shown = 0;
  const findings = report.findings;
  if (findings.length) out += "### Top findings\n\n";
  for (const f of findings.slice(0, top)) {
    const block = details(f, shown + 1, report);
    if (out.length + block.length + reserve > max) break;
    out += block;
    shown++;
  }
  if (shown < findings.length) {
    const tableHead = "### More findings\n\n| Severity | Check | Operation | Title |\n|:--|:--|:--|:--|\n";
    let table = "";
    for (const f of findings.slice(shown)) {
      const line = `${row(f)}\n`;
      if (out.length + tableHead.length + table.length + line.length + reserve > max) break;
      table += line;
      shown++;
    }
    if (table) out += `${tableHead}${table}\n`;
  }
  if (shown < findings.length) {
    out += `_…and ${findings.length - shown} more finding${findings.length - shown > 1 ? "s" : ""} not shown here (size limit); see the full report._\n`;
  }
  return out + footer;
}
