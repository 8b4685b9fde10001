// Shared state while a document is normalised: reference following for non-schema objects (with the
// 3.1 `summary`/`description` overrides), schema dereferencing, warnings, and small shared helpers.
import type { JsonSchema, Parameter, SecurityRequirement } from "../core/types.js";
import type { SpecDocument } from "./documents.js";
import { isObject, setOwn, toPointer } from "./pointer.js";
import type { RefResolver } from "./refs.js";
import { SchemaDeref, type SpecVersion } from "./schema.js";

/** A resolved object and where it was defined. */
export interface Obj {
  readonly node: Record<string, unknown>;
  readonly doc: SpecDocument;
  /** Its path from the document's root. */
  readonly tokens: string[];
}

/**
 * An object and where it was defined. One reached from `parent` by `keys` (no `$ref` on the way) makes
 * its path only when read: a document is walked object by object and almost none of them is ever named
 * in a message or followed as a reference, so copying the path per object (an array per node) was most
 * of the walk's garbage. One class for every Obj the builders see, so their property reads stay simple.
 */
export class Located implements Obj {
  private path: string[] | undefined;

  constructor(
    readonly node: Record<string, unknown>,
    readonly doc: SpecDocument,
    tokens: string[] | undefined,
    private readonly parent: Obj | null = null,
    private readonly keys: string | readonly [string, string] = "",
  ) {
    this.path = tokens;
  }

  get tokens(): string[] {
    if (this.path) return this.path;
    const up = this.parent ? this.parent.tokens : [];
    this.path = typeof this.keys === "string" ? [...up, this.keys] : [...up, this.keys[0], this.keys[1]];
    return this.path;
  }
}

export class BuildContext {
  readonly schemas: SchemaDeref;
  readonly warnings: string[] = [];
  private readonly warned = new Set<string>();

  constructor(
    readonly resolver: RefResolver,
    readonly version: SpecVersion,
  ) {
    this.schemas = new SchemaDeref(resolver, version);
  }

  get root(): SpecDocument {
    return this.resolver.root;
  }

  warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.warnings.push(message);
  }

  where(loc: { doc: SpecDocument; tokens: string[] }): string {
    const p = toPointer(loc.tokens) || "/";
    return loc.doc.id === this.root.id ? p : `${loc.doc.display}#${p}`;
  }

  /** Follows `$ref`s of a non-schema object; null (with a warning) when it cannot be resolved. */
  obj(node: unknown, doc: SpecDocument, tokens: string[]): Obj | null {
    if (!isObject(node)) return null;
    if (typeof node.$ref !== "string") return new Located(node, doc, tokens);
    return this.follow(node, doc, tokens);
  }

  /** `obj` for the value `node` found in `parent` at `keys` (one key, or two: `parameters`, `0`). */
  objAt(node: unknown, parent: Obj, keys: string | readonly [string, string]): Obj | null {
    if (!isObject(node)) return null;
    if (typeof node.$ref !== "string") return new Located(node, parent.doc, undefined, parent, keys);
    return this.follow(node, parent.doc, typeof keys === "string" ? [...parent.tokens, keys] : [...parent.tokens, keys[0], keys[1]]);
  }

  private follow(node: Record<string, unknown>, doc: SpecDocument, tokens: string[]): Obj | null {
    // Loops were rejected by validation; the chain length bound is enough here.
    const f = this.resolver.follow({ doc, tokens, node }, false);
    if (!f.ok) {
      this.warn(`$ref '${node.$ref}' at ${this.where({ doc, tokens })} not resolved: ${f.detail}`);
      return null;
    }
    if (!isObject(f.loc.node)) return null;
    let target = f.loc.node;
    if (this.version === "3.1") {
      // 3.1 Reference Objects: a sibling summary/description overrides the target's.
      const override: Record<string, unknown> = {};
      if (typeof node.summary === "string") override.summary = node.summary;
      if (typeof node.description === "string") override.description = node.description;
      if (Object.keys(override).length > 0) target = { ...target, ...override };
    }
    return new Located(target, f.loc.doc, f.loc.tokens);
  }

  /** Child object of a resolved object, itself resolved. */
  childObj(parent: Obj, key: string): Obj | null {
    const node = parent.node[key];
    if (!isObject(node)) return null; // most asked-for children are absent: no path for them
    return this.objAt(node, parent, key);
  }

  schema(node: unknown, doc: SpecDocument): JsonSchema | null {
    return this.schemas.schema(node, doc);
  }
}

/** `in:name` key for merging parameters; header names are case-insensitive. */
export function parameterKey(p: Pick<Parameter, "in" | "name">): string {
  return `${p.in}:${p.in === "header" ? p.name.toLowerCase() : p.name}`;
}

/** Path-item parameters overridden by operation parameters with the same name and location. */
export function mergeParameters(pathLevel: Parameter[], opLevel: Parameter[]): Parameter[] {
  // Most operations have no path-level parameters and at most one of their own: nothing to merge.
  if (pathLevel.length === 0 && opLevel.length <= 1) return opLevel;
  if (opLevel.length === 0 && pathLevel.length <= 1) return pathLevel.slice();
  const merged = new Map<string, Parameter>();
  for (const p of pathLevel) merged.set(parameterKey(p), p);
  for (const p of opLevel) merged.set(parameterKey(p), p);
  return [...merged.values()];
}

/** Security requirements as written (`[]` public, `{}` inside = optional auth); null when absent. */
export function requirements(raw: unknown): SecurityRequirement[] | null {
  if (!Array.isArray(raw)) return null;
  const out: SecurityRequirement[] = [];
  for (const entry of raw) {
    if (!isObject(entry)) continue;
    const req: SecurityRequirement = {};
    for (const [name, scopes] of Object.entries(entry)) {
      setOwn(req, name, Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === "string") : []);
    }
    out.push(req);
  }
  return out;
}

/** Prefers JSON, then other `+json`, then forms, then the first declared media type. */
export function pickMediaType(types: string[]): string | undefined {
  const lower = types.map((t) => t.toLowerCase());
  const order = [
    (t: string) => t === "application/json" || t.startsWith("application/json;"),
    (t: string) => isJsonMedia(t),
    (t: string) => t.startsWith("application/x-www-form-urlencoded"),
    (t: string) => t.startsWith("multipart/form-data"),
  ];
  for (const test of order) {
    const i = lower.findIndex(test);
    if (i !== -1) return types[i];
  }
  return types[0];
}

export function isJsonMedia(t: string): boolean {
  const base = (t.split(";")[0] ?? "").trim().toLowerCase();
  return base === "application/json" || base.endsWith("+json") || base.endsWith("/json") || base === "*/*";
}

export const METHODS_3 = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export const METHODS_2 = ["get", "put", "post", "delete", "options", "head", "patch"] as const;
