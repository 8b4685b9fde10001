// Resolves `$ref`s across the loaded documents: one hop (`resolve`), whole chains of reference-only
// nodes (`follow`, which detects loops), and JSON pointers that pass through `$ref` nodes (a
// `components.schemas` written as a `$ref` to a file).
import type { DocumentSet, SpecDocument } from "./documents.js";
import { child, fragmentTokens, isObject, toPointer } from "./pointer.js";

/** A node and where it lives. */
export interface Loc {
  doc: SpecDocument;
  tokens: string[];
  node: unknown;
  /** Cached `RefResolver.key`. */
  key?: string;
}

export type FailKind = "missing-pointer" | "missing-document" | "refused" | "anchor" | "loop";

export type Resolution = { ok: true; loc: Loc } | { ok: false; kind: FailKind; detail: string };

export type Followed = { ok: true; loc: Loc; chain: Loc[] } | { ok: false; kind: FailKind; detail: string; chain: Loc[] };

/** Follows `$ref` chains at most this long (longer ones are loops in practice). */
const MAX_CHAIN = 64;

export class RefResolver {
  readonly set: DocumentSet;
  private readonly cache = new Map<SpecDocument, Map<string, Resolution>>();

  constructor(set: DocumentSet) {
    this.set = set;
  }

  get root(): SpecDocument {
    return this.set.root;
  }

  /** Location key for identity comparisons. */
  static key(loc: Loc): string {
    return (loc.key ??= `${loc.doc.id}#${toPointer(loc.tokens)}`);
  }

  /** Display form of a reference target, relative to the root document (`#/components/schemas/X`). */
  display(loc: Loc): string {
    const p = toPointer(loc.tokens);
    return loc.doc.id === this.set.root.id ? `#${p}` : `${loc.doc.display}#${p}`;
  }

  /** One hop: the node a `$ref` string names, seen from `from`. */
  resolve(from: SpecDocument, ref: string): Resolution {
    let perDoc = this.cache.get(from);
    if (!perDoc) this.cache.set(from, (perDoc = new Map()));
    const hit = perDoc.get(ref);
    if (hit) return hit;
    const r = this.resolveUncached(from, ref, 0);
    perDoc.set(ref, r);
    return r;
  }

  private resolveUncached(from: SpecDocument, ref: string, depth: number): Resolution {
    const hash = ref.indexOf("#");
    const base = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? "" : ref.slice(hash + 1);
    let doc: SpecDocument | undefined = from;
    if (base !== "") {
      let id: string;
      try {
        const u = new URL(base, from.id);
        u.hash = "";
        id = u.href;
      } catch {
        return { ok: false, kind: "refused", detail: "not a valid URI reference" };
      }
      doc = this.set.docs.get(id);
      if (!doc) {
        const missing = this.set.missing.get(id);
        if (missing) return { ok: false, kind: "missing-document", detail: missing.reason };
        return { ok: false, kind: "refused", detail: "external document not loaded" };
      }
    }
    const tokens = fragmentTokens(fragment);
    if (!tokens) return { ok: false, kind: "anchor", detail: `plain-name fragment '#${fragment}' is not supported` };
    return this.walk({ doc, tokens: [], node: doc.value }, tokens, depth);
  }

  /** Walks `tokens` from `start`, stepping through `$ref` nodes that lack the next key. */
  private walk(start: Loc, tokens: string[], depth: number): Resolution {
    let loc = start;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      let next = child(loc.node, token);
      if (next === undefined && isObject(loc.node) && typeof loc.node.$ref === "string" && depth < MAX_CHAIN) {
        const via = this.resolveUncached(loc.doc, loc.node.$ref, depth + 1);
        if (!via.ok) return via;
        loc = via.loc;
        next = child(loc.node, token);
      }
      if (next === undefined) {
        return { ok: false, kind: "missing-pointer", detail: `no '${token}' at ${toPointer(loc.tokens) || "/"}` };
      }
      loc = { doc: loc.doc, tokens: [...loc.tokens, token], node: next };
    }
    return { ok: true, loc };
  }

  /**
   * Follows a chain of `$ref` nodes starting at `loc` until a node without `$ref`.
   * The chain starts with `loc` and lists each reference target (for loop messages).
   */
  follow(loc: Loc, detectLoops = true): Followed {
    const chain: Loc[] = [loc];
    const seen = new Set<string>(detectLoops ? [RefResolver.key(loc)] : []);
    let cur = loc;
    while (isObject(cur.node) && typeof cur.node.$ref === "string") {
      const r = this.resolve(cur.doc, cur.node.$ref);
      if (!r.ok) return { ok: false, kind: r.kind, detail: r.detail, chain };
      chain.push(r.loc);
      const k = detectLoops ? RefResolver.key(r.loc) : "";
      if ((detectLoops && seen.has(k)) || chain.length > MAX_CHAIN + 1) {
        return { ok: false, kind: "loop", detail: "circular $ref with no concrete target", chain };
      }
      if (detectLoops) seen.add(k);
      cur = r.loc;
    }
    return { ok: true, loc: cur, chain };
  }
}
