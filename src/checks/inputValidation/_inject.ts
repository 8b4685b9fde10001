// Shared by the active injection checks: where a value can be injected (path and query parameters of
// any operation, top-level fields of a JSON body), how to send one value there, the baseline to compare
// with, and the judgement "same answer". Injection checks are `how: "active"`: even in a GET they send
// attack payloads that a vulnerable endpoint executes (docs/active.md).
import type { CheckContext, HttpRequestInput, PlanContext, PlannedRequest } from "../../core/check.js";
import { BudgetExhaustedError, PolicyError } from "../../core/errors.js";
import type { Exchange, Operation, RecordedResponse } from "../../core/types.js";
import { sameData } from "../_shared/compare.js";
import { byDepth } from "./_shared.js";

export interface InjectionPoint {
  op: Operation;
  in: "path" | "query" | "body";
  name: string;
  /** The value the spec suggests (what the baseline sends). */
  sample: string;
  numeric: boolean;
}

const isNumericSchema = (schema: unknown): boolean =>
  !!schema && typeof schema === "object" && ["integer", "number"].includes(String((schema as { type?: unknown }).type ?? ""));

function jsonSample(op: Operation): Record<string, unknown> | null {
  const body = op.requestBody;
  if (!body || !/json/i.test(body.contentType)) return null;
  const s = body.sample;
  return s && typeof s === "object" && !Array.isArray(s) ? (s as Record<string, unknown>) : null;
}

/**
 * Operations payloads may go to: reads, and POST (a create is deleted at the end by the ledger's clean-up).
 * Never PUT, PATCH or DELETE: those change or remove an object the scan did not create (the sample id).
 */
const INJECTABLE_METHODS: ReadonlySet<string> = new Set(["GET", "POST"]);

/** Every injection point, bounded by depth; `prefer` ranks names first (e.g. file-like names for traversal). */
export function injectionPoints(ctx: Pick<PlanContext, "operations" | "settings">, prefer?: RegExp): InjectionPoint[] {
  const out: InjectionPoint[] = [];
  for (const op of ctx.operations) {
    if (!INJECTABLE_METHODS.has(op.method)) continue;
    for (const p of op.parameters) {
      if (p.in !== "path" && p.in !== "query") continue;
      out.push({ op, in: p.in, name: p.name, sample: p.sample || "1", numeric: isNumericSchema(p.schema) });
    }
    const body = jsonSample(op);
    for (const [name, value] of Object.entries(body ?? {})) {
      if (typeof value !== "string" && typeof value !== "number") continue;
      out.push({ op, in: "body", name, sample: String(value), numeric: typeof value === "number" });
    }
  }
  const rank = (p: InjectionPoint) => (prefer?.test(p.name) ? 0 : 1) + (p.in === "body" ? 0.5 : 0);
  return out.sort((a, b) => rank(a) - rank(b)).slice(0, byDepth(ctx.settings.depth, 5, 15, 40));
}

/** The request that puts `value` at the point (a JSON value in a body: objects for operator injection). */
export function requestAt(ctx: Pick<PlanContext, "urlFor">, point: InjectionPoint, value: unknown, identity: string | null): HttpRequestInput {
  const { op } = point;
  if (point.in === "body") {
    const body = { ...(jsonSample(op) ?? {}), [point.name]: value };
    return { method: op.method, url: ctx.urlFor(op), body: JSON.stringify(body), headers: { "content-type": "application/json" }, identity, operation: op };
  }
  return { method: op.method, url: ctx.urlFor(op, { [point.name]: String(value) }), identity, operation: op, ...bodyOf(op) };
}

/** A JSON operation keeps its sample body while a parameter is injected. */
function bodyOf(op: Operation): Pick<HttpRequestInput, "body" | "headers"> {
  const body = jsonSample(op);
  return body ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {};
}

/** `name[$ne]=x` in the query string: how qs/PHP-style parsers build an object from a parameter. */
export function operatorRequest(ctx: Pick<PlanContext, "urlFor">, point: InjectionPoint, operator: string, operand: string, identity: string | null): HttpRequestInput {
  if (point.in === "body") return requestAt(ctx, point, { [operator]: operand }, identity);
  const url = new URL(ctx.urlFor(point.op));
  url.searchParams.delete(point.name);
  url.searchParams.append(`${point.name}[${operator}]`, operand);
  return { method: point.op.method, url: url.toString(), identity: identity, operation: point.op, ...bodyOf(point.op) };
}

/** Sends, turning a refusal or an exhausted budget into null (the check moves on). */
export async function trySend(ctx: CheckContext, req: HttpRequestInput): Promise<Exchange | null> {
  try {
    return await ctx.http.send(req);
  } catch (e) {
    if (e instanceof PolicyError || e instanceof BudgetExhaustedError) return null;
    throw e;
  }
}

/** The point's sample value sent once per scan and shared by the injection checks. */
export function baselineAt(ctx: CheckContext, point: InjectionPoint, identity: string | null): Promise<Exchange | null> {
  const slot = `inject-baseline:${identity ?? "-"}|${point.op.key}|${point.in}|${point.name}`;
  const cached = ctx.shared.get(slot) as Promise<Exchange | null> | undefined;
  if (cached) return cached;
  const pending = trySend(ctx, requestAt(ctx, point, point.numeric ? Number(point.sample) : point.sample, identity));
  ctx.shared.set(slot, pending);
  return pending;
}

/** Dates, times and long hex/uuid ids change between two calls of the same query; they do not count. */
function normalise(body: string): string {
  return body
    .slice(0, 262_144)
    .replace(/\d{4}-\d{2}-\d{2}[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?/g, "<time>")
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>")
    .replace(/\b[0-9a-f]{24,}\b/gi, "<hex>")
    .trim();
}

/** Two answers to the same question: same status and the same body (up to volatile values) or the same data. */
export function sameAnswer(a: RecordedResponse | null | undefined, b: RecordedResponse | null | undefined): boolean {
  if (!a || !b || a.status !== b.status) return false;
  if (normalise(a.body) === normalise(b.body)) return true;
  return sameData(a, b);
}

/** `GET /users?name=…` for evidence notes. */
export function pointLabel(point: InjectionPoint): string {
  return `${point.in === "body" ? "JSON body field" : `${point.in} parameter`} "${point.name}"`;
}

/** For --dry-run: the request as planned. */
export function planned(req: HttpRequestInput, purpose: string): PlannedRequest {
  return { method: req.method ?? "GET", url: req.url, purpose, ...(req.body ? { body: req.body.length > 160 ? `${req.body.slice(0, 157)}...` : req.body } : {}) };
}

/** Identity to inject as: the first one given (injection behind a login is the usual case), else none. */
export function injectIdentity(ctx: Pick<PlanContext, "identities">): string | null {
  return ctx.identities[0]?.label ?? null;
}

/**
 * The run of the injection checks that probe one point at a time: not applicable without a point, else
 * each point in turn (one at a time, so timing and differential answers are not blurred by each other).
 */
export async function probeEachPoint(
  ctx: CheckContext,
  points: InjectionPoint[],
  none: string,
  probe: (ctx: CheckContext, point: InjectionPoint, identity: string | null) => Promise<void>,
): Promise<void> {
  if (points.length === 0) return ctx.notApplicable(none);
  const identity = injectIdentity(ctx);
  for (const point of points) await probe(ctx, point, identity);
}
