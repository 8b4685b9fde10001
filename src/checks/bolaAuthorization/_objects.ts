// The object model the BOLA checks share: which GET operations fetch one object by id, which list
// operation lists those objects, ids harvested from list answers, owner-like fields and the caller's own
// values (token claims, "me" answers, the caller's sample object). Hostile bodies are walked bounded.
import type { CheckContext } from "../../core/check.js";
import type { Exchange, Identity, Operation, Parameter, RecordedResponse } from "../../core/types.js";
import { jwtFromCredentialValue } from "../../jwt/index.js";
import { normaliseField } from "../../patterns/field-names.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { OWNER_FIELDS, PRINCIPAL_CLAIMS, SELF_PATH } from "./_owner-fields.js";

type JsonObject = { [key: string]: Json };

/** Names that carry an identifier (`id`, `user_id`, `userId`, `uuid`, `slug`). */
const ID_NAME = /^(?:id|uuid|guid|slug|key|number|no)$|[_-](?:id|uuid|no)$|[a-z0-9](?:Id|ID|Uuid)$/;

export function isIdParam(p: Parameter): boolean {
  if (p.in !== "path") return false;
  const type = p.schema?.["type"];
  const format = p.schema?.["format"];
  return ID_NAME.test(p.name) || type === "integer" || format === "uuid";
}

/**
 * Natural keys that address one object as well as an id does (`/users/{username}`, `/posts/{slug}`,
 * `/pages/{title}`, `/accounts/{email}`), compared after normaliseField.
 */
const NATURAL_KEYS: readonly string[] = [
  "username", "user", "login", "handle", "nickname", "screenname", "email", "emailaddress", "mail", "slug", "title",
  "name", "permalink", "account", "accountname", "code", "sku", "reference", "ref",
];

export function isNaturalKeyParam(p: Parameter): boolean {
  return p.in === "path" && (NATURAL_KEYS.includes(normaliseField(p.name)) || p.schema?.["format"] === "email");
}

export interface ObjectOperation {
  op: Operation;
  /** The id path parameter (the last one in the template). */
  param: Parameter;
}

// Found once per operation list and kind: five BOLA checks ask, at plan and at run time.
const found = new WeakMap<readonly Operation[], { ids?: readonly ObjectOperation[]; natural?: readonly ObjectOperation[] }>();

/** GET operations whose last path segment is an id parameter (or, with `naturalKeys`, a natural key). */
export function objectOperations(ops: readonly Operation[], opts: { naturalKeys?: boolean } = {}): ObjectOperation[] {
  let memo = found.get(ops);
  if (!memo) found.set(ops, (memo = {}));
  const kind = opts.naturalKeys ? "natural" : "ids";
  let list = memo[kind];
  if (!list) {
    const out: ObjectOperation[] = [];
    for (const op of ops) {
      if (op.method !== "GET") continue;
      const last = /\{([^}]+)\}\/?$/.exec(op.path)?.[1];
      const param = last ? op.parameters.find((p) => p.in === "path" && p.name === last) : undefined;
      if (param && (isIdParam(param) || (opts.naturalKeys && isNaturalKeyParam(param)))) out.push(Object.freeze({ op, param }));
    }
    memo[kind] = list = out;
  }
  return list.slice();
}

/** `/customers/{id}` → the GET `/customers` operation, when the spec has one. */
export function collectionOf(op: Operation, ops: readonly Operation[]): Operation | null {
  const parent = op.path.replace(/\/\{[^}]+\}\/?$/, "");
  return ops.find((o) => o.method === "GET" && o.path.replace(/\/$/, "") === parent) ?? null;
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** The JSON object a single-object answer holds (the body, or its `data`/`item`/`result` wrapper). */
export function objectBody(res: RecordedResponse | null | undefined): JsonObject | null {
  if (!res || res.status < 200 || res.status >= 300) return null;
  const v = parseJsonBody(res)?.value;
  if (!isObject(v)) return null;
  for (const k of ["data", "item", "result", "object"]) if (isObject(v[k])) return v[k];
  return v;
}

const MAX_ITEMS = 1000;

/** The objects of a list answer: a top-level array or the largest array one level down. */
export function listItems(res: RecordedResponse | null | undefined): JsonObject[] {
  if (!res || res.status < 200 || res.status >= 300) return [];
  const v = parseJsonBody(res)?.value;
  let arr: Json[] | null = Array.isArray(v) ? v : null;
  if (!arr && isObject(v)) {
    for (const child of Object.values(v)) if (Array.isArray(child) && (!arr || child.length > arr.length)) arr = child;
  }
  return (arr ?? []).slice(0, MAX_ITEMS).filter(isObject);
}

/** Field names that hold a natural key's value (`{email}` ← `email`/`email_address`, `{user}` ← `username` …). */
function keyFields(param: Parameter): string[] {
  const n = normaliseField(param.name);
  if (n === "user" || n === "login" || n === "handle") return [n, "username", "login", "handle"];
  if (n === "email" || n === "mail" || n === "emailaddress") return [n, "email", "emailaddress", "mail"];
  if (n === "account") return [n, "accountname", "username"];
  return [n];
}

/**
 * The id of a list item for a parameter: the field the parameter names first (a `{username}` route is
 * addressed by `username`, not by the item's numeric `id`), then `id`, `uuid`, `slug`.
 */
export function itemId(item: JsonObject, param: Parameter): string | null {
  const natural = isNaturalKeyParam(param) && !isIdParam(param);
  const wanted = natural ? keyFields(param) : [normaliseField(param.name), "id", "uuid", "slug"];
  const entries = Object.entries(item).map(([k, v]) => [normaliseField(k), v] as const);
  for (const name of wanted) {
    for (const [k, v] of entries) {
      if (k === name && (typeof v === "string" || typeof v === "number")) return String(v);
    }
  }
  return null;
}

/**
 * Values of a natural key that belong to the identity itself: its token claims and the fields of the
 * answers it received from "who am I" operations (`/me`, `/profile`), exactly as written (keys are case-sensitive).
 */
export function ownKeyValues(ctx: CheckContext, identity: Identity, param: Parameter): string[] {
  const fields = isNaturalKeyParam(param) && !isIdParam(param) ? keyFields(param) : [normaliseField(param.name), "id"];
  const claimFields = new Set([...fields, ...(fields.includes("username") ? ["preferredusername"] : []), ...(fields.includes("id") ? ["sub"] : [])]);
  const out = new Set<string>();
  for (const c of identity.credentials) {
    const payload = jwtFromCredentialValue(c.value)?.payload ?? {};
    for (const [k, v] of Object.entries(payload)) {
      if (claimFields.has(normaliseField(k)) && (typeof v === "string" || typeof v === "number")) out.add(String(v));
    }
  }
  for (const ex of ctx.exchanges()) {
    if (ex.request.identity !== identity.label || !ex.operation || !SELF_PATH.test(ex.operation.path) || ex.operation.path.includes("{")) continue;
    const me = objectBody(ex.response);
    if (!me) continue;
    for (const [k, v] of Object.entries(me)) {
      if (fields.includes(normaliseField(k)) && (typeof v === "string" || typeof v === "number")) out.add(String(v));
    }
  }
  return [...out].filter((v) => v !== "");
}

/** Distinct ids of a list answer, in order. */
export function harvestIds(res: RecordedResponse | null | undefined, param: Parameter): string[] {
  const out = new Set<string>();
  for (const item of listItems(res)) {
    const id = itemId(item, param);
    if (id !== null && id !== "") out.add(id);
  }
  return [...out];
}

/** Owner-like fields of an object (top level), normalised name → value. */
export function ownerFields(obj: JsonObject | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!obj) return out;
  for (const [k, v] of Object.entries(obj)) {
    const n = normaliseField(k);
    if (!OWNER_FIELDS.includes(n)) continue;
    if (typeof v === "string" || typeof v === "number") out.set(n, String(v));
    else if (isObject(v) && (typeof v["id"] === "string" || typeof v["id"] === "number")) out.set(n, String(v["id"]));
  }
  return out;
}

/** What identifies the caller: token claims and the answers of "me" operations (values, lower-case). */
export function callerValues(ctx: CheckContext, identity: Identity): Set<string> {
  const out = new Set<string>();
  for (const c of identity.credentials) {
    const jwt = jwtFromCredentialValue(c.value);
    for (const claim of PRINCIPAL_CLAIMS) {
      const v = jwt?.payload[claim];
      if (typeof v === "string" || typeof v === "number") out.add(String(v).toLowerCase());
    }
  }
  for (const ex of ctx.exchanges()) {
    if (ex.request.identity !== identity.label || !ex.operation || !SELF_PATH.test(ex.operation.path) || ex.operation.path.includes("{")) continue;
    const me = objectBody(ex.response);
    if (!me) continue;
    for (const [k, v] of Object.entries(me)) {
      const n = normaliseField(k);
      if ((n === "id" || OWNER_FIELDS.includes(n)) && (typeof v === "string" || typeof v === "number")) out.add(String(v).toLowerCase());
    }
  }
  return out;
}

/** Integer neighbours of a sample id (`5` → 6, 4, 7, 3 …), positive only. */
export function neighbours(sample: string, count: number): string[] {
  if (!/^\d{1,15}$/.test(sample)) return [];
  const n = Number(sample);
  const out: string[] = [];
  for (let d = 1; out.length < count && d <= count; d++) {
    out.push(String(n + d));
    if (out.length < count && n - d > 0) out.push(String(n - d));
  }
  return out.slice(0, count);
}

/** The first exchange of an operation recorded as `identity` (crawl or probe). */
export function exchangeAs(ctx: CheckContext, op: Operation, identity: string | null): Exchange | null {
  return ctx.exchangesFor(op.key).find((ex) => ex.request.identity === identity && ex.response !== null) ?? null;
}
