// Rebuilds what it can of a schema when introspection is off, from the reference implementation's
// validation errors: "Did you mean" suggestions name fields, "must have a selection of subfields" names a
// field's type, "argument … is required" names its required arguments. Validation answers need no data,
// so nothing executes. Bounded: a handful of requests per type.
import type { GraphQLSchema } from "graphql";
import {
  NEEDS_SELECTION,
  NO_SUBFIELDS,
  OBJECT_FIELD_GUESSES,
  REQUIRED_ARGUMENT,
  ROOT_FIELD_GUESSES,
  UNKNOWN_FIELD,
  suggestedNames,
} from "../patterns/graphql.js";
import type { GraphqlResult } from "./response.js";
import { schemaFromSdl } from "./schema.js";

const BUILT_IN_SCALARS = new Set(["String", "Int", "Float", "Boolean", "ID"]);
const MAX_TYPES = 8;
const MAX_FIELDS = 40;

export type Ask = (query: string) => Promise<GraphqlResult | null>;

interface FieldInfo {
  /** Type as written, e.g. `[Order!]!`; null when not learned (treated as String). */
  type: string | null;
  /** The type was learned from "must have a selection of subfields": an object, interface or union. */
  object: boolean;
  args: Map<string, string>;
}

export interface RebuiltSchema {
  schema: GraphQLSchema;
  sdl: string;
  /** Fields learned, `Type.field`. */
  fields: string[];
}

const named = (type: string): string => type.replace(/[[\]!]/g, "");

function literalFor(type: string): string {
  const t = named(type);
  if (t === "Int") return "1";
  if (t === "Float") return "1.0";
  if (t === "Boolean") return "true";
  return '"1"';
}

function argList(args: Map<string, string>): string {
  return args.size === 0 ? "" : `(${[...args].map(([n, t]) => `${n}: ${literalFor(t)}`).join(", ")})`;
}

/** Learns field names of one type: real guesses and the suggestions the wrong ones draw. */
function learnNames(result: GraphqlResult | null, typeName: string, guesses: readonly string[]): Set<string> {
  const unknown = new Set<string>();
  const found = new Set<string>();
  for (const e of result?.errors ?? []) {
    const m = UNKNOWN_FIELD.exec(e.message);
    if (!m || m[2] !== typeName) continue;
    unknown.add(m[1] as string);
    for (const s of suggestedNames(m[3])) found.add(s);
  }
  // A guess that drew no "Cannot query field" error exists — but only if the server reported the others.
  if (unknown.size > 0) for (const g of guesses) if (!unknown.has(g)) found.add(g);
  return found;
}

/** Learns types and required arguments of the named fields from the errors of `{ a b c }`. */
function learnShapes(result: GraphqlResult | null, fields: Map<string, FieldInfo>): void {
  for (const e of result?.errors ?? []) {
    const sel = NEEDS_SELECTION.exec(e.message);
    const selected = sel ? fields.get(sel[1] as string) : undefined;
    if (sel && selected) Object.assign(selected, { type: sel[2] as string, object: true });
    const arg = REQUIRED_ARGUMENT.exec(e.message);
    if (arg && fields.has(arg[1] as string)) fields.get(arg[1] as string)!.args.set(arg[2] as string, arg[3] as string);
    const scalar = NO_SUBFIELDS.exec(e.message);
    if (scalar && fields.has(scalar[1] as string)) fields.get(scalar[1] as string)!.type = scalar[2] as string;
  }
}

async function learnType(ask: Ask, typeName: string, path: (inner: string) => string): Promise<Map<string, FieldInfo>> {
  const guesses = typeName === "Query" ? ROOT_FIELD_GUESSES : OBJECT_FIELD_GUESSES;
  const names = learnNames(await ask(path(guesses.join(" "))), typeName, guesses);
  const fields = new Map<string, FieldInfo>();
  for (const n of [...names].slice(0, MAX_FIELDS)) fields.set(n, { type: null, object: false, args: new Map() });
  if (fields.size === 0) return fields;
  // Object fields say their type when selected bare; scalars say theirs when given a selection.
  learnShapes(await ask(path([...fields.keys()].join(" "))), fields);
  const untyped = [...fields].filter(([, f]) => f.type === null).map(([n]) => n);
  if (untyped.length > 0) learnShapes(await ask(path(untyped.map((n) => `${n} { __typename }`).join(" "))), fields);
  return fields;
}

function sdlOf(types: Map<string, Map<string, FieldInfo>>): string {
  const scalars = new Set<string>();
  const lines: string[] = [];
  for (const [typeName, fields] of types) {
    lines.push(`type ${typeName} {`);
    for (const [name, f] of fields) {
      const type = f.type ?? "String";
      const t = named(type);
      if (!BUILT_IN_SCALARS.has(t) && !types.has(t)) scalars.add(t);
      const args = f.args.size ? `(${[...f.args].map(([n, a]) => `${n}: ${a}`).join(", ")})` : "";
      lines.push(`  ${name}${args}: ${type}`);
    }
    lines.push("}");
  }
  return [...[...scalars].map((s) => `scalar ${s}`), ...lines].join("\n");
}

/** Object-typed fields whose type was not explored, and fields with arguments of input types (neither can
 *  be written down from messages), are left out; so are types left empty. Repeats until nothing changes. */
function prune(types: Map<string, Map<string, FieldInfo>>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [typeName, fields] of types) {
      for (const [field, f] of fields) {
        const t = f.type ? named(f.type) : null;
        const unexplored = f.object && t !== null && !types.has(t);
        const inputArgs = [...f.args.values()].some((a) => !BUILT_IN_SCALARS.has(named(a)));
        if (unexplored || inputArgs) {
          fields.delete(field);
          changed = true;
        }
      }
      if (fields.size === 0) types.delete(typeName);
    }
  }
}

/** The rebuilt schema, or null when suggestions reveal nothing (they are off, or nothing was close).
 *  `probe`: the schema is known already; send one request that draws suggestions if the server gives them. */
export async function rebuildFromSuggestions(ask: Ask, extent: "full" | "probe" = "full"): Promise<RebuiltSchema | null> {
  const types = new Map<string, Map<string, FieldInfo>>();
  if (extent === "probe") {
    // The schema is known: one request shows whether the server hands out suggestions.
    await ask(`{ ${ROOT_FIELD_GUESSES.slice(0, 12).map((g) => `${g}x`).join(" ")} }`);
    return null;
  }
  const root = await learnType(ask, "Query", (inner) => `{ ${inner} }`);
  if (root.size === 0) return null;
  types.set("Query", root);
  // Object types reachable from root fields, one level down.
  for (const [name, f] of root) {
    if (types.size > MAX_TYPES) break;
    const t = f.type ? named(f.type) : null;
    if (!f.object || !t || types.has(t)) continue;
    const learned = await learnType(ask, t, (inner) => `{ ${name}${argList(f.args)} { ${inner} } }`);
    if (learned.size > 0) types.set(t, learned);
  }
  prune(types);
  if (!types.has("Query")) return null;
  const sdl = sdlOf(types);
  try {
    const schema = schemaFromSdl(sdl);
    const fields = [...types].flatMap(([t, fs]) => [...fs.keys()].map((f) => `${t}.${f}`));
    return { schema, sdl, fields };
  } catch {
    return null;
  }
}
