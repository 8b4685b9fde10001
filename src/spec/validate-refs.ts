// Checks every `$ref` the crawl found: refused by policy, naming a missing document, naming a
// missing node, or part of a loop of references that never reaches a concrete node. One problem per
// broken ref (per missing document, with all referencing locations; per loop).
import { label, type DocumentSet, type RefSite } from "./documents.js";
import { RefResolver, type Loc } from "./refs.js";

export interface RefProblem {
  message: string;
  /** JSON pointer (root document) or `file#pointer` of the referencing node. */
  pointer: string;
  fatal: boolean;
}

export function validateRefs(set: DocumentSet, resolver: RefResolver): RefProblem[] {
  const problems: RefProblem[] = [];
  const root = set.root;
  const where = (site: RefSite): string => label(site.doc, site.tokens, root);
  const from = (site: RefSite): string => site.doc.display;

  for (const r of set.refused.values()) {
    problems.push({ message: `${r.reason}: $ref '${r.site.ref}' at ${where(r.site)}`, pointer: where(r.site), fatal: r.fatal });
  }

  for (const m of set.missing.values()) {
    const first = m.sites[0];
    if (!first) continue;
    const refName = first.ref.split("#")[0] ?? first.ref;
    const at = m.sites.map(where).join(", ");
    problems.push({
      message: `Cannot resolve external $ref '${refName}' from ${from(first)}: ${m.reason} (${m.display}; referenced at ${at})`,
      pointer: where(first),
      fatal: true,
    });
  }

  const loops = new Set<string>();
  for (const site of set.sites) {
    if (set.refused.has(site)) continue;
    const r = resolver.resolve(site.doc, site.ref);
    if (!r.ok) {
      // Missing documents and refusals are reported above, once per document / site.
      if (r.kind === "missing-pointer" || r.kind === "anchor") {
        problems.push({ message: `unresolved $ref '${site.ref}' at ${where(site)} (${r.detail})`, pointer: where(site), fatal: true });
      }
      continue;
    }
    if (!isRefNode(r.loc.node)) continue; // a concrete target cannot start a reference-only loop
    const start: Loc = { doc: site.doc, tokens: site.tokens, node: { $ref: site.ref } };
    const f = resolver.follow(start);
    if (f.ok || f.kind !== "loop") continue;
    const cycle = cycleOf(f.chain);
    const id = cycle.slice(0, -1).map(RefResolver.key).sort().join("|");
    if (loops.has(id)) continue;
    loops.add(id);
    const first = cycle[0] as Loc;
    problems.push({
      message: `circular $ref with no concrete target: ${cycle.map((l) => resolver.display(l)).join(" → ")}`,
      pointer: label(first.doc, first.tokens, root),
      fatal: true,
    });
  }
  return problems;
}

/** The repeating tail of a chain that ended on an already visited target: [B, C, B]. */
function cycleOf(chain: Loc[]): Loc[] {
  const last = chain[chain.length - 1];
  if (!last) return chain;
  const k = RefResolver.key(last);
  const idx = chain.findIndex((l) => RefResolver.key(l) === k);
  return chain.slice(idx);
}

function isRefNode(node: unknown): boolean {
  return typeof node === "object" && node !== null && typeof (node as { $ref?: unknown }).$ref === "string";
}
