// Valid operations for root fields, built from the schema: arguments as variables (sampled from types,
// names and ids seen in earlier answers), a depth-limited selection with a fragment for the returned
// object type, `__typename` on every object (so ids can be filed by type). Every document is validated
// against the schema with the reference library before it is used.
import {
  GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  parse,
  validate,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from "graphql";
import type { GraphqlKind } from "./report.js";

export interface GeneratedOperation {
  kind: GraphqlKind;
  field: string;
  document: string;
  variables: Record<string, unknown>;
  /** Arguments whose value came from an id seen in an earlier answer: name → value. */
  fedIds: Record<string, string>;
  /** Named return type of the root field. */
  returns: string;
}

/** Ids seen in answers, by the type of the object that carried them. */
export type IdPool = Map<string, string[]>;

const MAX_FIELDS_PER_LEVEL = 20;
const PAGE_ARG = /^(?:first|last|limit|take|size|pagesize|perpage|count|top)$/i;

function sampleString(name: string): string {
  const n = name.toLowerCase();
  if (n.includes("email")) return "user@example.com";
  if (n.includes("url") || n.includes("uri")) return "https://example.com/";
  if (n.includes("phone")) return "+15555550100";
  if (/date|time|since|until/.test(n)) return "2024-01-01T00:00:00Z";
  if (n.includes("uuid")) return "00000000-0000-4000-8000-000000000001";
  return "test";
}

function isIdArg(name: string): boolean {
  return /^(?:id|uuid|_id)$|Id$|_id$|ID$/.test(name);
}

/** An id for an argument: of the field's return type, of the type its name says (`orderId` → Order), any. */
function pooledId(pool: IdPool, argName: string, returns: string): string | undefined {
  const prefix = argName.replace(/(?:_?id|Id|ID)$/, "");
  const byName = prefix ? [...pool].find(([t]) => t.toLowerCase() === prefix.toLowerCase())?.[1] : undefined;
  const list = pool.get(returns) ?? byName ?? [...pool.values()].find((l) => l.length > 0);
  return list?.[0];
}

function valueFor(type: GraphQLInputType, name: string, pool: IdPool, returns: string, fed: Record<string, string>, depth = 0): unknown {
  const inner = getNullableType(type) as GraphQLInputType;
  if (isListType(inner)) return [valueFor(inner.ofType, name, pool, returns, fed, depth + 1)];
  const named = getNamedType(inner);
  if (isEnumType(named)) return named.getValues()[0]?.value ?? null;
  if (isInputObjectType(named)) {
    if (depth > 3) return {};
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = valueFor(f.type, f.name, pool, returns, fed, depth + 1);
    }
    return out;
  }
  switch (named.name) {
    case "Int":
      return PAGE_ARG.test(name) ? 5 : 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return false;
    default: {
      if (named.name === "ID" || isIdArg(name)) {
        const id = pooledId(pool, name, returns);
        if (id !== undefined) {
          if (depth === 0) fed[name] = id;
          return named.name === "Int" ? Number(id) : id;
        }
        return "1";
      }
      return sampleString(name);
    }
  }
}

function typeRef(type: GraphQLInputType): string {
  return String(type);
}

/** Scalar fields (and depth-limited object fields without required arguments) of a type. */
function selection(type: GraphQLNamedType, depth: number, seen: Set<string>): string {
  if (isLeafType(type)) return "";
  if (isUnionType(type)) {
    const parts = type.getTypes().slice(0, 5).map((t) => `... on ${t.name} { ${selection(t, depth, seen)} }`);
    return `__typename ${parts.join(" ")}`;
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return "__typename";
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type) || a.defaultValue !== undefined));
  const parts = ["__typename"];
  for (const f of fields) {
    if (parts.length > MAX_FIELDS_PER_LEVEL) break;
    const t = getNamedType(f.type);
    if (isLeafType(t)) parts.push(f.name);
    else if (depth > 1 && !seen.has(t.name)) {
      const inner = selection(t, depth - 1, new Set([...seen, t.name]));
      if (inner) parts.push(`${f.name} { ${inner} }`);
    }
  }
  return parts.join(" ");
}

function argumentsFor(field: GraphQLField<unknown, unknown>): GraphQLArgument[] {
  // Required arguments always; optional page-size arguments to keep answers small.
  return field.args.filter((a) => (isNonNullType(a.type) && a.defaultValue === undefined) || PAGE_ARG.test(a.name));
}

/** One operation for a root field, or null when no valid document can be built for it. */
export function generateOperation(schema: GraphQLSchema, kind: GraphqlKind, fieldName: string, pool: IdPool, depth = 2): GeneratedOperation | null {
  const root: GraphQLObjectType | null | undefined = kind === "query" ? schema.getQueryType() : kind === "mutation" ? schema.getMutationType() : null;
  const field = root?.getFields()[fieldName];
  if (!root || !field) return null;
  const returns = getNamedType(field.type);
  const args = argumentsFor(field);
  const variables: Record<string, unknown> = {};
  const fedIds: Record<string, string> = {};
  for (const a of args) variables[a.name] = valueFor(a.type, a.name, pool, returns.name, fedIds);
  const varDefs = args.length ? `(${args.map((a) => `$${a.name}: ${typeRef(a.type)}`).join(", ")})` : "";
  const callArgs = args.length ? `(${args.map((a) => `${a.name}: $${a.name}`).join(", ")})` : "";
  const opName = `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}`;
  let document: string;
  if (isLeafType(returns)) document = `${kind} ${opName}${varDefs} { ${fieldName}${callArgs} }`;
  else if (isObjectType(returns)) {
    const fragment = `${returns.name}Fields`;
    document = `${kind} ${opName}${varDefs} { ${fieldName}${callArgs} { ...${fragment} } }\nfragment ${fragment} on ${returns.name} { ${selection(returns, depth, new Set([returns.name]))} }`;
  } else document = `${kind} ${opName}${varDefs} { ${fieldName}${callArgs} { ${selection(returns, depth, new Set([returns.name]))} } }`;
  try {
    if (validate(schema, parse(document)).length > 0) return null;
  } catch {
    return null;
  }
  return { kind, field: fieldName, document, variables, fedIds, returns: returns.name };
}

/** Whether a root query field takes an id argument. */
export function hasIdArgument(schema: GraphQLSchema, field: string): boolean {
  return schema.getQueryType()?.getFields()[field]?.args.some((a) => isIdArg(a.name)) ?? false;
}

/** Root field names of a kind, those needing no id first (their answers feed the ids of the others). */
export function rootFields(schema: GraphQLSchema, kind: GraphqlKind): string[] {
  const root = kind === "query" ? schema.getQueryType() : kind === "mutation" ? schema.getMutationType() : null;
  if (!root) return [];
  const fields = Object.values(root.getFields()).filter((f) => !f.name.startsWith("__"));
  const needsId = (f: GraphQLField<unknown, unknown>) => f.args.some((a) => isNonNullType(a.type) && isIdArg(a.name));
  return [...fields.filter((f) => !needsId(f)), ...fields.filter(needsId)].map((f) => f.name);
}

/** Files every `{ __typename, id }` object of an answer under its type. */
export function collectIds(data: unknown, pool: IdPool, depth = 0): void {
  if (depth > 8 || data === null || typeof data !== "object") return;
  if (Array.isArray(data)) {
    for (const item of data.slice(0, 50)) collectIds(item, pool, depth + 1);
    return;
  }
  const obj = data as Record<string, unknown>;
  const type = obj["__typename"];
  const id = obj["id"] ?? obj["uuid"] ?? obj["_id"];
  if (typeof type === "string" && (typeof id === "string" || typeof id === "number")) {
    const list = pool.get(type) ?? [];
    if (!list.includes(String(id)) && list.length < 20) list.push(String(id));
    pool.set(type, list);
  }
  for (const v of Object.values(obj)) collectIds(v, pool, depth + 1);
}
