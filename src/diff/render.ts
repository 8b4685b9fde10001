// Renders a ScanDiff for people (text) or programs (JSON). Pure: no I/O, no clock.
import pc from "picocolors";
import type { Severity } from "../core/types.js";
import type { DiffFinding, ScanDiff, SeverityChange } from "./diff.js";
import type { DiffFormat } from "./formats.js";

export { DIFF_FORMATS, type DiffFormat } from "./formats.js";

export interface DiffRenderOptions {
  color: boolean;
  /** Max findings listed per section (the rest are counted). */
  maxFindings?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

/** Target-derived text (paths, titles) made inert for a terminal: one line, no control characters. */
function inert(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function severityPaint(c: Colors, s: Severity): (t: string) => string {
  if (s === "critical") return (t) => c.bold(c.red(t));
  if (s === "high") return c.red;
  if (s === "medium") return c.yellow;
  if (s === "low") return c.cyan;
  return c.dim;
}

function findingLine(c: Colors, f: DiffFinding, label: string): string {
  const where = f.operation ? `  ${inert(f.operation)}` : "";
  return `  ${severityPaint(c, f.severity)(label.padEnd(16))} ${f.checkId}${where}  ${c.dim(inert(f.title))}`;
}

function section<T extends DiffFinding>(c: Colors, title: string, items: T[], max: number, label: (f: T) => string): string[] {
  if (items.length === 0) return [];
  const lines = [c.bold(`${title} (${items.length})`)];
  for (const f of items.slice(0, max)) lines.push(findingLine(c, f, label(f)));
  if (items.length > max) lines.push(c.dim(`  … and ${items.length - max} more`));
  return [...lines, ""];
}

export function renderDiffText(diff: ScanDiff, opts: DiffRenderOptions): string {
  const c = pc.createColors(opts.color);
  const max = opts.maxFindings ?? 50;
  const gradePaint = diff.grade.direction === "better" ? c.green : diff.grade.direction === "worse" ? c.red : (t: string) => t;
  const scorePaint = diff.score.delta > 0 ? c.green : diff.score.delta < 0 ? c.red : (t: string) => t;
  const lines = [
    c.bold(`Rampart diff ${diff.base.scanId} → ${diff.head.scanId}`),
    diff.sameTarget
      ? `Target  ${inert(diff.head.target)}`
      : `Targets ${inert(diff.base.target)} → ${inert(diff.head.target)} ${c.yellow("(different targets)")}`,
    `Score   ${diff.score.from} → ${diff.score.to} ${scorePaint(`(${signed(diff.score.delta)})`)}`,
    `Grade   ${diff.grade.from} → ${diff.grade.to} ${gradePaint(`(${diff.grade.direction})`)}`,
    "",
  ];
  lines.push(...section(c, "New findings", diff.newFindings, max, (f) => f.severity.toUpperCase()));
  lines.push(...section(c, "Resolved findings", diff.resolvedFindings, max, (f) => f.severity.toUpperCase()));
  lines.push(
    ...section<SeverityChange>(c, "Severity changes", diff.severityChanges, max, (f) => `${f.from} → ${f.to}`),
  );
  if (diff.newFindings.length + diff.resolvedFindings.length + diff.severityChanges.length === 0) {
    lines.push(`No change in findings (${diff.unchanged} unchanged).`, "");
  } else {
    lines.push(c.dim(`${diff.unchanged} finding(s) unchanged.`), "");
  }
  if (diff.categories.length > 0) {
    lines.push(c.bold("Categories"));
    const width = Math.max(...diff.categories.map((d) => d.name.length));
    for (const d of diff.categories) {
      const score =
        d.delta !== null
          ? `${String(d.scoreFrom).padStart(3)} → ${String(d.scoreTo).padStart(3)} ${scorePaintFor(c, d.delta)(`(${signed(d.delta)})`)}`
          : `${d.scoreFrom ?? "n/a"} → ${d.scoreTo ?? "n/a"}`;
      const counts = `findings ${d.findingsFrom} → ${d.findingsTo} (+${d.newFindings} new, -${d.resolvedFindings} resolved)`;
      lines.push(`  ${inert(d.name).padEnd(width)}  ${score}  ${counts}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

function scorePaintFor(c: Colors, delta: number): (t: string) => string {
  return delta > 0 ? c.green : delta < 0 ? c.red : (t: string) => t;
}

export function renderDiffJson(diff: ScanDiff): string {
  return `${JSON.stringify(diff, null, 2)}\n`;
}

export function renderDiff(diff: ScanDiff, format: DiffFormat, opts: DiffRenderOptions): string {
  return format === "json" ? renderDiffJson(diff) : renderDiffText(diff, opts);
}
