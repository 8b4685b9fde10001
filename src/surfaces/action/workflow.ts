// The runner's file and log protocols: outputs (GITHUB_OUTPUT), the job summary (GITHUB_STEP_SUMMARY) and
// workflow-command annotations. Target-derived text is escaped so it can never start a command of its own.
import { randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import path from "node:path";
import type { Finding, ScanReport, Severity } from "../../core/types.js";
import { operationLabel } from "../../report/renderers/_catalog.js";
import { oneLineText, truncate } from "../../report/renderers/_escape.js";

/** Workflow-command message text: `%`, CR and LF encoded so the text stays on its line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Workflow-command property values additionally encode `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export interface AnnotationProps {
  file?: string;
  line?: number;
  title?: string;
}

export function annotation(kind: "error" | "warning" | "notice", message: string, props: AnnotationProps = {}): string {
  const parts: string[] = [];
  if (props.file) parts.push(`file=${escapeProperty(props.file)}`);
  if (props.line) parts.push(`line=${props.line}`);
  if (props.title) parts.push(`title=${escapeProperty(props.title)}`);
  return `::${kind}${parts.length ? ` ${parts.join(",")}` : ""}::${escapeData(message)}`;
}

const KIND: Partial<Record<Severity, "error" | "warning">> = { critical: "error", high: "error", medium: "warning" };
/** GitHub shows at most 10 annotations of each kind per step. */
const PER_KIND = 10;

/** The spec file as a workspace-relative POSIX path, or null when it is a URL or outside the workspace. */
export function workspacePath(file: string, workspace: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) return null;
  const rel = path.relative(workspace, path.resolve(workspace, file));
  if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}

function message(f: Finding): string {
  const label = operationLabel(f);
  const op = label ? `${label}: ` : "";
  return truncate(oneLineText(`${op}${f.title}. Fix: ${f.remediation.summary} [${f.checkId}]`), 1000);
}

/**
 * Annotation lines for critical/high (errors) and medium (warnings) findings: on the spec file line of the
 * operation when the spec is in the workspace, else unplaced; at most 10 of each kind, then one notice.
 */
export function annotationsFor(report: ScanReport, workspace: string, locate: (file: string, pointer: string) => number | null): string[] {
  const lines: string[] = [];
  const count = { error: 0, warning: 0 };
  let left = 0;
  for (const f of report.findings) {
    const kind = KIND[f.severity];
    if (!kind) continue;
    if (count[kind] >= PER_KIND) {
      left++;
      continue;
    }
    count[kind]++;
    const rel = f.location ? workspacePath(f.location.file, workspace) : null;
    const line = rel && f.location ? (locate(path.resolve(workspace, rel), f.location.pointer) ?? 1) : undefined;
    const title = `Rampart ${f.severity}: ${oneLineText(f.title)}`;
    lines.push(annotation(kind, message(f), { ...(rel ? { file: rel } : {}), ...(line ? { line } : {}), title: truncate(title, 200) }));
  }
  if (left) lines.push(annotation("notice", `${left} more finding(s) not annotated; see the job summary and the SARIF report`));
  return lines;
}

/** Appends `name=value` outputs in the heredoc form, safe for any value. */
export function writeOutputs(file: string | undefined, outputs: Record<string, string>): void {
  if (!file) return;
  const text = Object.entries(outputs)
    .map(([k, v]) => {
      const delimiter = `ghadelimiter_${randomUUID()}`;
      return `${k}<<${delimiter}\n${v}\n${delimiter}\n`;
    })
    .join("");
  appendFileSync(file, text);
}

export function appendSummary(file: string | undefined, markdown: string): void {
  if (file) appendFileSync(file, markdown.endsWith("\n") ? markdown : `${markdown}\n`);
}

/** Brackets log text that came from the target: the runner ignores commands between the two lines. */
export function withoutCommands(text: string): string {
  const token = `rampart-${randomUUID()}`;
  return `::stop-commands::${token}\n${text}${text.endsWith("\n") ? "" : "\n"}::${token}::\n`;
}
