// Dereferences Schema Objects into plain, acyclic JSON: every `$ref` is replaced by its target, except
// a reference back into a schema that is still being expanded (recursion), which becomes
// `{ "x-circular-ref": "#/components/schemas/X" }`. Results are shared, never deep-copied per use:
// a schema whose expansion does not depend on its context is expanded once and reused.
import type { JsonSchema } from "../core/types.js";
import { isObject, setOwn } from "./pointer.js";
import { RefResolver, type Loc } from "./refs.js";
import type { SpecDocument } from "./documents.js";

export type SpecVersion = "2.0" | "3.0" | "3.1";

/** Marker left where a recursive schema refers back to itself (or a re-entered cycle member). */
export const CIRCULAR_REF = "x-circular-ref";
/** Marker left where a `$ref` could not be followed (remote ref not fetched). */
export const UNRESOLVED_REF = "x-unresolved-ref";

/** Keys whose values are data, not schemas. */
const LITERAL = new Set(["example", "examples", "default", "enum", "const"]);
/** Keys whose object values map names to schemas. */
const SCHEMA_MAPS = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"]);
/** 3.1 `$ref` siblings that annotate rather than constrain: merged over the target. */
const ANNOTATIONS = new Set([
  "description", "title", "summary", "example", "examples", "default", "deprecated", "readOnly", "writeOnly",
  "$comment", "$id", "$defs", "$anchor", "$dynamicAnchor", "$schema", "externalDocs", "xml", "nullable",
]);
const MAX_DEPTH = 256;

interface Frame {
  index: number;
  low: number;
}

export class SchemaDeref {
  private readonly memo = new Map<string, unknown>();
  private readonly cyclic = new Set<string>();
  private readonly stackPos = new Map<string, number>();
  private readonly frames: Frame[] = [];
  private expandedInCall = new Set<string>();

  constructor(
    private readonly resolver: RefResolver,
    private readonly version: SpecVersion,
  ) {}

  /** The dereferenced schema at `node` (found in `doc`), or null when it is not a schema object. */
  schema(node: unknown, doc: SpecDocument): JsonSchema | null {
    if (!isObject(node)) return node === true ? {} : null;
    if (this.expandedInCall.size > 0) this.expandedInCall = new Set();
    const out = this.walk(node, doc, 0);
    return isObject(out) ? out : null;
  }

  private walk(value: unknown, doc: SpecDocument, depth: number): unknown {
    if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | null = null;
      for (let i = 0; i < value.length; i++) {
        const v = this.walk(value[i], doc, depth + 1);
        if (v !== value[i]) (out ??= value.slice())[i] = v;
      }
      return out ?? value;
    }
    const obj = value as Record<string, unknown>;
    if (typeof obj.$ref === "string") return this.reference(obj, doc, depth);
    let out: Record<string, unknown> | null = null;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (typeof v !== "object" || v === null || LITERAL.has(key) || key.startsWith("x-")) continue;
      let next: unknown;
      if (SCHEMA_MAPS.has(key) && isObject(v)) {
        let map: Record<string, unknown> | null = null;
        for (const name of Object.keys(v)) {
          const s = this.walk(v[name], doc, depth + 1);
          if (s !== v[name]) setOwn((map ??= { ...v }), name, s);
        }
        next = map ?? v;
      } else {
        next = this.walk(v, doc, depth + 1);
      }
      if (next !== v) setOwn((out ??= { ...obj }), key, next);
    }
    return out ?? obj;
  }

  private reference(obj: Record<string, unknown>, doc: SpecDocument, depth: number): unknown {
    const ref = obj.$ref as string;
    const r = this.resolver.resolve(doc, ref);
    const target = r.ok ? this.expand(r.loc, depth) : { [UNRESOLVED_REF]: ref };
    if (this.version !== "3.1") return target; // 2.0 / 3.0: siblings of $ref are ignored
    const siblingKeys = Object.keys(obj).filter((k) => k !== "$ref");
    if (siblingKeys.length === 0) return target;
    const siblings: Record<string, unknown> = {};
    for (const k of siblingKeys) siblings[k] = obj[k];
    const walked = this.walk(siblings, doc, depth + 1) as Record<string, unknown>;
    if (isObject(target) && siblingKeys.every((k) => ANNOTATIONS.has(k) || k.startsWith("x-"))) return { ...target, ...walked };
    return { allOf: [target], ...walked };
  }

  private expand(loc: Loc, depth: number): unknown {
    const key = RefResolver.key(loc);
    const onStack = this.stackPos.get(key);
    if (onStack !== undefined) return this.cut(loc, onStack);
    const done = this.memo.get(key);
    if (done !== undefined) return done;
    // A recursive schema already expanded once in this call: refer to it instead of growing the tree.
    if ((this.cyclic.has(key) && this.expandedInCall.has(key)) || depth > MAX_DEPTH) return this.cut(loc, -1);

    const frame: Frame = { index: this.frames.length, low: Number.POSITIVE_INFINITY };
    this.frames.push(frame);
    this.stackPos.set(key, frame.index);
    this.expandedInCall.add(key);
    let result: unknown;
    try {
      result = this.walk(loc.node, loc.doc, depth + 1);
    } finally {
      this.frames.pop();
      this.stackPos.delete(key);
    }
    if (frame.low >= frame.index) this.memo.set(key, result);
    else this.cyclic.add(key);
    const parent = this.frames[this.frames.length - 1];
    if (parent) parent.low = Math.min(parent.low, frame.low);
    return result;
  }

  /** A reference left in place; the frames above `index` depend on their context from now on. */
  private cut(loc: Loc, index: number): Record<string, unknown> {
    const top = this.frames[this.frames.length - 1];
    if (top) top.low = Math.min(top.low, index);
    return { [CIRCULAR_REF]: this.resolver.display(loc) };
  }
}
