// The legend of the reproduce lines: every `$RAMPART_…` variable the findings use, what it holds and,
// where Rampart knows it, the shell line that sets it. Credentials stay out of the report; their names do not.
import type { Finding, ReproduceVariable } from "../core/types.js";

const VARIABLE = /\$\{?(RAMPART_[A-Z0-9_]+)/g;

function namesIn(text: string | null | undefined, into: Set<string>): void {
  if (!text) return;
  for (const m of text.matchAll(VARIABLE)) if (m[1]) into.add(m[1]);
}

/** The known variables the findings mention (reproduce lines, evidence), each once, sorted by name. */
export function reproduceVariables(findings: readonly Finding[], known: readonly ReproduceVariable[]): ReproduceVariable[] {
  const used = new Set<string>();
  for (const f of findings) {
    namesIn(f.reproduce, used);
    for (const ev of f.evidence) namesIn(ev.request, used);
  }
  const byName = new Map(known.map((v) => [v.variable, v]));
  // A set line may use further variables (a forged token is built from the real one): list those too.
  for (const name of [...used]) namesIn(byName.get(name)?.set, used);
  return [...used]
    .sort()
    .map((variable) => byName.get(variable) ?? { variable, holds: "a credential placeholder (its value is not recorded)" });
}
