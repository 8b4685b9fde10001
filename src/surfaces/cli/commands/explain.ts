// `rampart explain <checkId> [--framework F] [--database D]`: what a check detects, why it matters, its
// references, and the fix in the given stack's idiom — without scanning.
import pc from "picocolors";
import { checks, findCheck } from "../../../checks/index.js";
import type { CheckMeta } from "../../../core/check.js";
import { UsageError } from "../../../core/errors.js";
import type { References, Remediation } from "../../../core/types.js";
import {
  DATABASES,
  FRAMEWORKS,
  normaliseDatabase,
  normaliseFramework,
  remediationFor,
  stackLabel,
} from "../../../knowledge/remediation/index.js";
import type { CliIO } from "../command.js";

export interface ExplainFlags {
  framework?: string;
  database?: string;
  format?: string;
}

const REFERENCE_LABELS: [keyof References, string, (v: string | number) => string][] = [
  ["owaspApi2023", "OWASP API Security Top 10 2023", (v) => `${v}:2023`],
  ["owaspTop10_2021", "OWASP Top 10 2021", (v) => `${v}:2021`],
  ["owaspLlm2025", "OWASP Top 10 for LLM Applications 2025", (v) => `${v}:2025`],
  ["cwe", "CWE", (v) => `CWE-${v}`],
  ["pciDss4", "PCI DSS 4.0", (v) => `req. ${v}`],
  ["soc2", "SOC 2", (v) => String(v)],
  ["hipaa", "HIPAA", (v) => String(v)],
];

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

/** The known ids nearest to `id`: by edit distance on the whole id and on the part after the dot. */
export function closestIds(id: string, known: readonly string[], max = 3): string[] {
  const q = id.toLowerCase();
  const name = q.includes(".") ? q.slice(q.indexOf(".") + 1) : q;
  return known
    .map((k) => {
      const kn = k.slice(k.indexOf(".") + 1).toLowerCase();
      // An id that contains what was typed (a prefix, a fragment) beats any edit distance.
      if (kn.includes(name) || name.includes(kn)) return { k, d: Math.abs(kn.length - name.length) / 100 };
      return { k, d: 1 + Math.min(levenshtein(q, k.toLowerCase()), levenshtein(name, kn)) };
    })
    .sort((x, y) => x.d - y.d || x.k.localeCompare(y.k))
    .slice(0, max)
    .map((x) => x.k);
}

function parseStack(flags: ExplainFlags): { framework: string | null; database: string | null } {
  const framework = flags.framework ? normaliseFramework(flags.framework) : null;
  if (flags.framework && !framework) throw new UsageError(`--framework must be one of ${FRAMEWORKS.join(", ")} (got '${flags.framework}')`);
  const database = flags.database ? normaliseDatabase(flags.database) : null;
  if (flags.database && !database) throw new UsageError(`--database must be one of ${DATABASES.join(", ")} (got '${flags.database}')`);
  return { framework, database };
}

export interface Explained {
  checkId: string;
  title: string;
  category: string;
  severity: string;
  how: string;
  description: string;
  references: References;
  stack: { framework: string | null; database: string | null };
  remediation: Remediation;
}

export function explainCheck(meta: CheckMeta, stack: Explained["stack"]): Explained {
  return {
    checkId: meta.id,
    title: meta.title,
    category: meta.category,
    severity: meta.severity,
    how: meta.how,
    description: meta.description,
    references: meta.references,
    stack,
    remediation: remediationFor(meta.id, stack, meta.remediation),
  };
}

function wrap(text: string, width = 96, indent = ""): string {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out.join("\n");
}

export function renderExplained(e: Explained, color: boolean): string {
  const c = color ? pc : { bold: (s: string) => s, dim: (s: string) => s };
  const refs = REFERENCE_LABELS.flatMap(([key, label, fmt]) => {
    const values = e.references[key] as (string | number)[] | undefined;
    return values?.length ? [`  ${label}: ${values.map(fmt).join(", ")}`] : [];
  });
  const stack = stackLabel(e.stack);
  const fitted = e.remediation.framework || (e.stack.database && e.remediation.code) ? ` (${stack})` : stack ? " (generic: no stack-specific fix for this check)" : "";
  const lines = [
    c.bold(`${e.checkId} — ${e.title}`),
    `Severity: ${e.severity} · Category: ${e.category} · How: ${e.how}`,
    "",
    wrap(e.description),
    "",
    c.bold("References"),
    ...(refs.length ? refs : ["  (none)"]),
    "",
    c.bold(`How to fix${fitted}`),
    wrap(e.remediation.summary, 96, "  "),
    ...e.remediation.steps.map((s, i) => wrap(`${i + 1}. ${s}`, 96, "  ")),
  ];
  if (e.remediation.code) lines.push("", ...e.remediation.code.split("\n").map((l) => `    ${l}`));
  return `${lines.join("\n")}\n`;
}

export function runExplain(id: string, flags: ExplainFlags, io: CliIO): void {
  const stack = parseStack(flags);
  if (flags.format && flags.format !== "text" && flags.format !== "json") throw new UsageError(`--format must be text or json (got '${flags.format}')`);
  const meta = findCheck(id.trim())?.meta;
  if (!meta) {
    const near = closestIds(id.trim(), checks.map((c) => c.meta.id));
    throw new UsageError(`unknown check id '${id}'${near.length ? `; did you mean ${near.join(", ")}?` : ""}`);
  }
  const e = explainCheck(meta, stack);
  io.out(flags.format === "json" ? `${JSON.stringify(e, null, 2)}\n` : renderExplained(e, io.color));
}
