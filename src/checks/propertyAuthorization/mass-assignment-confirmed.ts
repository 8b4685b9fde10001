import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Identity, Operation } from "../../core/types.js";
import { normaliseField } from "../../patterns/field-names.js";
import { MASS_ASSIGNMENT_PROBES, OWNERSHIP_PROBE_FIELDS } from "../../patterns/mass-assignment.js";
import type { Json } from "../../patterns/text.js";
import { baselineAs } from "../_shared/baseline.js";
import { objectShape } from "../_shared/schema.js";
import { createBody, createObject, holds, jsonRequest, marker, readBack, resources, trySend, type Resource } from "../_shared/writes.js";
import { objectBody } from "../bolaAuthorization/_objects.js";
import { SELF_PATH } from "../bolaAuthorization/_owner-fields.js";
import { adminReason } from "../bflaAuthorization/_roles.js";
import { propertyRefs } from "./_refs.js";

type JsonObject = { [key: string]: Json };

const LIMITS: Readonly<Record<Depth, { resources: number; self: number }>> = {
  quick: { resources: 2, self: 1 },
  standard: { resources: 6, self: 2 },
  deep: { resources: 15, self: 3 },
};

/** "Who am I" operations the caller can also write: `GET /me` with `PATCH|PUT /me`. */
function selfPairs(ops: readonly Operation[]): { read: Operation; write: Operation }[] {
  const out: { read: Operation; write: Operation }[] = [];
  for (const read of ops) {
    if (read.method !== "GET" || read.path.includes("{") || !SELF_PATH.test(read.path)) continue;
    const write = ops.find((o) => o.path === read.path && o.method === "PATCH") ?? ops.find((o) => o.path === read.path && o.method === "PUT");
    if (write) out.push({ read, write });
  }
  return out;
}

function targets(ctx: Pick<PlanContext, "operations" | "settings">) {
  const l = LIMITS[ctx.settings.depth];
  // Administrators set roles and prices by design: their operations are not probed.
  return {
    creates: resources(ctx.operations).filter((r) => !adminReason(r.create)).slice(0, l.resources),
    self: selfPairs(ctx.operations).filter((p) => !adminReason(p.write)).slice(0, l.self),
  };
}

/** The other identity's own id (its "me" answer), for moving an object's ownership to it. */
async function idOf(ctx: CheckContext, identity: Identity | undefined): Promise<Json | undefined> {
  if (!identity) return undefined;
  for (const read of ctx.operations.filter((o) => o.method === "GET" && !o.path.includes("{") && SELF_PATH.test(o.path))) {
    const me = objectBody((await baselineAs(ctx, read, identity.label))?.response);
    const id = me?.["id"] ?? me?.["user_id"] ?? me?.["userId"];
    if (typeof id === "number" || typeof id === "string") return id;
  }
  return undefined;
}

/**
 * The privileged fields to send: those the request schema declares and those the server's own answer
 * carries (role in a profile, price in an order), each with a value that differs from the server's.
 */
function extras(write: Operation, current: JsonObject, otherId: Json | undefined): JsonObject {
  const names = new Set([...(objectShape(write.requestBody?.schema ?? null)?.properties.keys() ?? []), ...Object.keys(current)]);
  const out: JsonObject = {};
  for (const name of names) {
    const n = normaliseField(name);
    const probe = MASS_ASSIGNMENT_PROBES[n];
    const value = probe ? probe.value(current[name]) : OWNERSHIP_PROBE_FIELDS.includes(n) && otherId !== undefined && String(current[name]) !== String(otherId) ? otherId : undefined;
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function persisted(sent: JsonObject, before: JsonObject, after: JsonObject | null): string[] {
  return Object.entries(sent)
    .filter(([k, v]) => holds(after, k, v) && !holds(before, k, v))
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
}

function severityOf(fields: string[]) {
  return fields.some((f) => MASS_ASSIGNMENT_PROBES[normaliseField(f.split("=")[0]!)]?.why === "privilege") ? "critical" : "high";
}

function isProbed(name: string): boolean {
  const n = normaliseField(name);
  return n in MASS_ASSIGNMENT_PROBES || OWNERSHIP_PROBE_FIELDS.includes(n);
}

/** The create body without the fields under test (unless the schema requires them): the server's own values. */
function plainBody(op: Operation): JsonObject {
  const required = op.requestBody?.schema?.["required"];
  const keep = new Set(Array.isArray(required) ? required.filter((x): x is string => typeof x === "string") : []);
  return Object.fromEntries(Object.entries(createBody(op, marker())).filter(([k]) => keep.has(k) || !isProbed(k)));
}

/** Create once plainly (the server's own values), once with the privileged fields; read the second back. */
async function probeCreate(ctx: CheckContext, r: Resource, a: Identity, b: Identity | undefined): Promise<void> {
  const plain = await createObject(ctx, r, a.label, plainBody(r.create));
  const before = plain ? await readBack(ctx, r, plain.id, a.label) : null;
  if (before?.state !== "present") return;
  const sent = extras(r.create, before.object, await idOf(ctx, b));
  if (Object.keys(sent).length === 0) return;
  const probe = await createObject(ctx, r, a.label, { ...plainBody(r.create), ...sent });
  if (!probe) return;
  let after = await readBack(ctx, r, probe.id, a.label);
  // Ownership moved to B: B's read-back shows it (and B deletes it at the end).
  if (after.state !== "present" && b) {
    after = await readBack(ctx, r, probe.id, b.label);
    if (after.state === "present" && r.remove) {
      ctx.changes.undo(probe.exchange, { method: "DELETE", url: ctx.urlFor(r.remove, { [r.param.name]: probe.id }), identity: b.label, operation: r.remove }, `delete ${r.create.path} object ${probe.id} (moved to @${b.label}) as @${b.label}`);
    }
  }
  const fields = persisted(sent, before.object, after.state === "present" ? after.object : null);
  if (fields.length === 0 || !after.exchange) return;
  ctx.report({
    confidence: "confirmed",
    severity: severityOf(fields),
    operation: r.create,
    key: fields.map((f) => f.split("=")[0]).join(","),
    evidence: [
      { exchange: probe.exchange, excerpt: `${probe.exchange.response?.status}: created with ${fields.join(", ")} in the body`, note: "the scan's object, deleted at the end" },
      { exchange: after.exchange, excerpt: `read back: ${fields.join(", ")}`, note: "the server kept the client's values" },
      { exchange: before.exchange, note: "the same create without them: the server's own values" },
    ],
    reproduce: probe.exchange,
  });
}

/** Update the caller's own profile with privileged fields, read it back, and restore what it held. */
async function probeSelf(ctx: CheckContext, pair: { read: Operation; write: Operation }, a: Identity): Promise<void> {
  const before = await trySend(ctx, { url: ctx.urlFor(pair.read), identity: a.label, operation: pair.read });
  const current = objectBody(before?.response);
  if (!before || !current) return;
  const sent = extras(pair.write, current, undefined);
  if (Object.keys(sent).length === 0) return;
  const declared = [...(objectShape(pair.write.requestBody?.schema ?? null)?.properties.keys() ?? [])].filter((k) => k in current);
  const keep = pair.write.method === "PUT" ? Object.fromEntries(declared.map((k) => [k, current[k]!])) : {};
  const restore: JsonObject = { ...keep, ...Object.fromEntries(Object.keys(sent).map((k) => [k, current[k] ?? null])) };
  const attempt = await trySend(ctx, { method: pair.write.method, url: ctx.urlFor(pair.write), identity: a.label, operation: pair.write, ...jsonRequest({ ...keep, ...sent }) });
  if (!attempt) return;
  // Restored even after a 4xx: a refusal that changed the profile anyway is what this check looks for.
  ctx.changes.undo(attempt, { method: pair.write.method, url: ctx.urlFor(pair.write), identity: a.label, operation: pair.write, ...jsonRequest(restore) }, `restore the privileged fields of ${pair.write.path} for @${a.label}`);
  const after = await trySend(ctx, { url: ctx.urlFor(pair.read), identity: a.label, operation: pair.read });
  const fields = persisted(sent, current, objectBody(after?.response));
  if (fields.length === 0 || !after) return;
  ctx.report({
    confidence: "confirmed",
    severity: severityOf(fields),
    operation: pair.write,
    key: fields.map((f) => f.split("=")[0]).join(","),
    evidence: [
      { exchange: attempt, excerpt: `${attempt.response?.status}: @${a.label} sent ${fields.join(", ")} for itself`, note: "restored at the end" },
      { exchange: after, excerpt: `read back: ${fields.join(", ")}`, note: "the server kept the client's values" },
      { exchange: before, note: "before the attempt" },
    ],
    reproduce: attempt,
  });
}

export default defineCheck({
  meta: {
    id: "propertyAuthorization.mass-assignment-confirmed",
    title: "Privileged fields persisted from request bodies",
    category: "propertyAuthorization",
    severity: "high",
    how: "active",
    description:
      "With `--mode active`, the API's own create operations and the caller's profile update (`PATCH /me`) are sent with fields a client must not set — role and admin flags, prices and balances, verification state, and ownership (moved to the second identity) — taken from the request schema and from the fields the server's own answers carry. The object is then read back: a value that the server kept, and that differs from what it set on its own, is confirmed mass assignment (critical when it grants privilege). Created objects are deleted and profile fields restored at the end.",
    references: propertyRefs([915, 269, 639]),
    remediation: {
      summary: "Bind request bodies to input models that list only client-settable fields; set privileged fields server-side.",
      steps: [
        "Use separate create/update input models (DTOs, Pydantic models, strong parameters, @JsonIgnoreProperties) without role, owner, price or balance fields.",
        "Compute prices and totals on the server from the catalogue; set ownership from the authenticated caller.",
        "Change roles only through an administrative operation guarded by a role check.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => {
    if (ctx.identities.length === 0) return 0;
    const t = targets(ctx);
    return t.creates.length * 7 + t.self.length * 4 + 2;
  },
  async run(ctx) {
    if (ctx.identities.length === 0) return ctx.notApplicable("needs an identity (--auth) to create and read back objects");
    const t = targets(ctx);
    if (t.creates.length === 0 && t.self.length === 0) return ctx.notApplicable("no create operation with a read-back and no writable profile (GET + PATCH /me)");
    const [a, b] = [ctx.identities[0]!, ctx.identities[1]];
    // Objects created here are deleted at the end of the scan (ctx.changes, through createObject).
    for (const pair of t.self) await probeSelf(ctx, pair, a);
    for (const r of t.creates) await probeCreate(ctx, r, a, b);
  },
});
