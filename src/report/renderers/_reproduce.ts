// A finding's reproduce line with what it needs to run: the `$RAMPART_…` variables it uses, each with
// what it holds and, where the report knows one, the line that sets it. Shared by every renderer.
import type { Finding, ReproduceVariable, ScanReport } from "../../core/types.js";

const VARIABLE = /\$\{?(RAMPART_[A-Z0-9_]+)/g;

/** The report's variables a finding's reproduce line uses, and those their set lines build on, in order of need. */
export function variablesFor(f: Pick<Finding, "reproduce">, report: Pick<ScanReport, "reproduceVariables">): ReproduceVariable[] {
  const known = new Map((report.reproduceVariables ?? []).map((v) => [v.variable, v]));
  const out: ReproduceVariable[] = [];
  const visit = (text: string | null | undefined): void => {
    for (const m of (text ?? "").matchAll(VARIABLE)) {
      const v = m[1] ? known.get(m[1]) : undefined;
      if (!v || out.includes(v)) continue;
      visit(v.set); // a forged token is built from the real one: set that first
      out.push(v);
    }
  };
  visit(f.reproduce);
  return out;
}

/** One line per variable: `$NAME: what it holds`. */
export function variableNotes(vars: readonly ReproduceVariable[]): string[] {
  return vars.map((v) => `$${v.variable}: ${v.holds}`);
}

/** A shell script: `# $NAME: holds` and `export …` lines, then the reproduce line. */
export function reproduceScript(f: Pick<Finding, "reproduce">, report: Pick<ScanReport, "reproduceVariables">): string {
  if (!f.reproduce) return "";
  const lines: string[] = [];
  for (const v of variablesFor(f, report)) {
    lines.push(`# $${v.variable}: ${v.holds}`);
    if (v.set) lines.push(v.set);
  }
  lines.push(f.reproduce);
  return lines.join("\n");
}
