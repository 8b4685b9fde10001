// Which path templates (`/users/{id}`, `/files/{name}.json`) a concrete path matches, through an index
// built once per set of templates: a tree of path segments (literal segments looked up, templated ones
// tested with a regex compiled once), so a lookup does not compile or try a regex per operation.
// A `{name}` stands for one or more characters other than `/`; everything else is literal.

interface Node {
  literal: Map<string, Node>;
  templated: { re: RegExp; node: Node }[];
  /** The templates that end here, in the order they were added. */
  ends: number[];
}

const PLACEHOLDER = /\{[^}]+\}/g;
const MARK = "\u0000";

const newNode = (): Node => ({ literal: new Map(), templated: [], ends: [] });
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export interface PathTemplateIndex {
  /** Indexes (in `add` order) of the templates that match `path`, ascending. */
  matches(path: string): number[];
  /** Whether any template matches `path`. */
  test(path: string): boolean;
}

export function pathTemplateIndex(templates: readonly string[]): PathTemplateIndex {
  const root = newNode();
  const patternCache = new Map<string, RegExp>();
  templates.forEach((template, i) => {
    // Placeholders first: a parameter name may itself hold a `/`.
    let node = root;
    for (const segment of template.replace(PLACEHOLDER, MARK).split("/")) {
      if (!segment.includes(MARK)) {
        let next = node.literal.get(segment);
        if (!next) node.literal.set(segment, (next = newNode()));
        node = next;
        continue;
      }
      const source = `^${segment.split(MARK).map(escapeRegex).join("[^/]+")}$`;
      let re = patternCache.get(source);
      if (!re) patternCache.set(source, (re = new RegExp(source)));
      let edge = node.templated.find((t) => t.re === re);
      if (!edge) node.templated.push((edge = { re, node: newNode() }));
      node = edge.node;
    }
    node.ends.push(i);
  });

  function walk(node: Node, segments: readonly string[], at: number, out: number[], first: boolean): boolean {
    if (at === segments.length) {
      out.push(...node.ends);
      return first && node.ends.length > 0;
    }
    const segment = segments[at] as string;
    const next = node.literal.get(segment);
    if (next && walk(next, segments, at + 1, out, first)) return true;
    for (const t of node.templated) {
      if (t.re.test(segment) && walk(t.node, segments, at + 1, out, first)) return true;
    }
    return false;
  }

  return {
    matches(path) {
      const out: number[] = [];
      walk(root, path.split("/"), 0, out, false);
      return [...new Set(out)].sort((a, b) => a - b);
    },
    test(path) {
      return walk(root, path.split("/"), 0, [], true);
    },
  };
}
