// The object life cycle the active authorization checks share: which operations create, read, change
// and delete one kind of object (`POST /notes`, `GET|PUT|PATCH|DELETE /notes/{id}`), creating one with a
// recognisable marker, reading it back as its owner, and a change body. Every create goes through
// createObject(), which registers the object's deletion with the scan's changes ledger (ctx.changes).
import { randomBytes } from "node:crypto";
import type { CheckContext } from "../../core/check.js";
import { BudgetExhaustedError, PolicyError } from "../../core/errors.js";
import type { Exchange, Operation, Parameter } from "../../core/types.js";
import { parseJsonBody, type Json } from "../../patterns/text.js";
import { itemId, objectBody } from "../bolaAuthorization/_objects.js";
import { objectShape } from "./schema.js";

type JsonObject = { [key: string]: Json };

export interface Resource {
  /** `POST /notes`. */
  create: Operation;
  /** `GET /notes/{note_id}`: how the owner reads an object back. */
  read: Operation;
  param: Parameter;
  /** PUT/PATCH on the object, PATCH first. */
  updates: Operation[];
  remove: Operation | null;
}

const JSON_BODY = /json/i;

function itemOf(op: Operation, collection: string): Parameter | null {
  const m = /^(.*)\/\{([^}]+)\}\/?$/.exec(op.path);
  if (!m || m[1]!.replace(/\/$/, "") !== collection) return null;
  return op.parameters.find((p) => p.in === "path" && p.name === m[2]) ?? null;
}

/** Resources with a JSON create and a read-back by id (the collection path has no other parameter). */
export function resources(ops: readonly Operation[]): Resource[] {
  const out: Resource[] = [];
  for (const create of ops) {
    if (create.method !== "POST" || create.path.includes("{") || !create.requestBody || !JSON_BODY.test(create.requestBody.contentType)) continue;
    const collection = create.path.replace(/\/$/, "");
    let read: { op: Operation; param: Parameter } | null = null;
    const updates: Operation[] = [];
    let remove: Operation | null = null;
    for (const op of ops) {
      const param = itemOf(op, collection);
      if (!param) continue;
      if (op.method === "GET") read = { op, param };
      else if (op.method === "PATCH") updates.unshift(op);
      else if (op.method === "PUT") updates.push(op);
      else if (op.method === "DELETE") remove = op;
    }
    if (read) out.push({ create, read: read.op, param: read.param, updates, remove });
  }
  return out;
}

/** A recognisable value: `rampart-<hex>`, never a real user's data. */
export function marker(): string {
  return `rampart-${randomBytes(4).toString("hex")}`;
}

/** String properties of a body schema a marker may go into (free text: no enum, no format). */
export function textFields(op: Operation): string[] {
  const shape = objectShape(op.requestBody?.schema ?? null);
  if (!shape) return [];
  const out: string[] = [];
  for (const [name, s] of shape.properties) {
    if (shape.readOnly.has(name) || s["type"] !== "string" || s["enum"] || s["format"] || s["pattern"]) continue;
    out.push(name);
  }
  return out;
}

/** The create body: the spec's sample with free-text fields set to the marker. */
export function createBody(op: Operation, mark: string): JsonObject {
  const sample = op.requestBody?.sample;
  const body: JsonObject = sample && typeof sample === "object" && !Array.isArray(sample) ? { ...(sample as JsonObject) } : {};
  for (const f of textFields(op)) body[f] = mark;
  return body;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Sends and turns a policy refusal or an exhausted budget into null (the check moves on). */
export async function trySend(ctx: CheckContext, req: Parameters<CheckContext["http"]["send"]>[0]): Promise<Exchange | null> {
  try {
    return await ctx.http.send(req);
  } catch (e) {
    if (e instanceof PolicyError || e instanceof BudgetExhaustedError) return null;
    throw e;
  }
}

export function jsonRequest(body: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

export interface Created {
  id: string;
  url: string;
  exchange: Exchange;
  body: JsonObject;
  /** The object as the create answer returned it. */
  object: JsonObject | null;
}

/** The created object's id: the answer's id field, else the last segment of its Location header. */
function createdId(ex: Exchange, param: Parameter): string | null {
  const obj = objectBody(ex.response);
  const id = obj ? itemId(obj, param) : null;
  if (id) return id;
  const loc = ex.response?.headers["location"];
  const last = loc ? /\/([^/?#]+)\/?(?:[?#].*)?$/.exec(loc)?.[1] : undefined;
  return last ? decodeURIComponent(last) : null;
}

/**
 * Creates one object as `identity` (null = without credentials) and registers its deletion (as the
 * creator, through the resource's DELETE) with the change ledger. Null when the create was not accepted.
 */
export async function createObject(ctx: CheckContext, r: Resource, identity: string | null, body: JsonObject): Promise<Created | null> {
  const ex = await trySend(ctx, { method: "POST", url: ctx.urlFor(r.create), identity, operation: r.create, ...jsonRequest(body) });
  if (!ex?.response || ex.response.status < 200 || ex.response.status >= 300) return null;
  const id = createdId(ex, r.param);
  if (!id) return null;
  const url = ctx.urlFor(r.read, { [r.param.name]: id });
  // Without a DELETE operation the engine's default clean-up tries the Location; else the ledger lists it as left.
  if (r.remove) {
    ctx.changes.undo(ex, { method: "DELETE", url: ctx.urlFor(r.remove, { [r.param.name]: id }), identity, operation: r.remove }, `delete ${r.create.path} object ${id} as ${identity ? `@${identity}` : "anonymous"}`);
  }
  return { id, url, exchange: ex, body, object: objectBody(ex.response) };
}

export type ReadBack = { state: "present"; object: JsonObject; exchange: Exchange } | { state: "gone"; exchange: Exchange } | { state: "unknown"; exchange: Exchange | null };

/** The object as `identity` reads it now: present (2xx object), gone (404/410), or unknown. */
export async function readBack(ctx: CheckContext, r: Resource, id: string, identity: string | null): Promise<ReadBack> {
  const ex = await trySend(ctx, { url: ctx.urlFor(r.read, { [r.param.name]: id }), identity, operation: r.read });
  const status = ex?.response?.status;
  const obj = objectBody(ex?.response);
  if (ex && obj) return { state: "present", object: obj, exchange: ex };
  if (ex && (status === 404 || status === 410)) return { state: "gone", exchange: ex };
  return { state: "unknown", exchange: ex };
}

/** Whether a field of an object holds this value (compared as text: "5" and 5 agree). */
export function holds(obj: JsonObject | null, field: string, value: Json): boolean {
  if (!obj || !(field in obj)) return false;
  const v = obj[field];
  return typeof value === "object" ? JSON.stringify(v) === JSON.stringify(value) : String(v) === String(value);
}

/** The change body for an update: PATCH sends only the changed field, PUT the whole create body. */
export function changeBody(op: Operation, created: Created, field: string, value: string): JsonObject {
  return op.method === "PATCH" ? { [field]: value } : { ...created.body, [field]: value };
}

export function parsedObject(ex: Exchange | null): JsonObject | null {
  const v = ex?.response ? parseJsonBody(ex.response)?.value : undefined;
  return isJsonObject(v) ? v : null;
}
