// /api/monitors: targets rescanned on a schedule. Create, list, open (with recent runs), edit, pause, resume
// and delete. The scheduler reads the same rows, so a change takes effect at its next tick.
import type { FastifyInstance } from "fastify";
import { checkMonitorInput, monitorUrl, settingsOf, type MonitorInput, type MonitorInputPatch } from "../../monitor/input.js";
import { parseSchedule, planNextRun } from "../../monitor/schedule.js";
import type { MonitorRepository } from "../../store/contract.js";
import type { MonitorPatch, MonitorRecord, MonitorRun } from "../../store/monitors.js";
import type { ServerContext } from "../context.js";
import { badRequest, notFound } from "../errors.js";
import { idParams, pageOf, pageQuery, ref, scanRequestSchema } from "../schemas.js";

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error") };

/** Settings a monitor scans with: the fields of POST /api/scans. */
const { url: _url, spec: _spec, ...settingProperties } = scanRequestSchema.properties;

const scheduleSchema = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  description: 'exactly one of {"every": "6h"} (30m, 1h30m, 1d …) or {"cron": "0 */6 * * *"} (UTC; six fields count seconds)',
  properties: {
    every: { type: "string", minLength: 2, maxLength: 40 },
    cron: { type: "string", minLength: 9, maxLength: 200 },
  },
} as const;

const monitorProperties = {
  name: { type: ["string", "null"], maxLength: 100, description: "what the monitor is for, shown in events" },
  url: { type: "string", minLength: 1, maxLength: 2048, description: "base URL of the API (http or https)" },
  spec: { type: ["string", "null"], maxLength: 2048, description: "URL of its OpenAPI document (default: well-known locations)" },
  schedule: scheduleSchema,
  paused: { type: "boolean", description: "create it paused" },
  ...settingProperties,
} as const;

export const monitorRequestSchema = {
  $id: "MonitorRequest",
  type: "object",
  required: ["url", "schedule"],
  additionalProperties: false,
  properties: monitorProperties,
} as const;

/** A scan setting as a patch takes it: its own type, or null to clear it (back to the default). */
function clearable(schema: { type: string; enum?: readonly unknown[] }): Record<string, unknown> {
  return { ...schema, type: [schema.type, "null"], ...(schema.enum ? { enum: [...schema.enum, null] } : {}) };
}

export const monitorPatchSchema = {
  $id: "MonitorPatch",
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  description: "fields to change; null or an empty list clears a setting",
  properties: { ...monitorProperties, ...Object.fromEntries(Object.entries(settingProperties).map(([k, v]) => [k, clearable(v)])) },
} as const;

const runSchema = {
  $id: "MonitorRun",
  type: "object",
  required: ["id", "status", "startedAt"],
  properties: {
    id: { type: "integer" },
    scanId: { type: ["string", "null"] },
    scheduledFor: { type: "string" },
    startedAt: { type: "string" },
    finishedAt: { type: ["string", "null"] },
    status: { type: "string", enum: ["running", "completed", "failed", "cancelled"] },
    reachable: { type: ["boolean", "null"] },
    score: { type: ["integer", "null"] },
    grade: { type: ["string", "null"] },
    error: { type: ["string", "null"] },
    events: { type: "integer", description: "events this run raised" },
    changes: { anyOf: [{ type: "object", additionalProperties: true }, { type: "null" }], description: "what changed since the previous completed run" },
  },
} as const;

export const monitorSchema = {
  $id: "Monitor",
  type: "object",
  required: ["id", "url", "schedule", "paused", "createdAt"],
  properties: {
    id: { type: "string" },
    name: { type: ["string", "null"] },
    url: { type: "string" },
    spec: { type: ["string", "null"] },
    schedule: { type: "object", additionalProperties: true },
    settings: { type: "object", additionalProperties: true, description: "mode, depth, context, identities, checks … the runs use" },
    paused: { type: "boolean" },
    nextRunAt: { type: ["string", "null"], description: "when the next run starts (jitter included); null while paused" },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
    createdBy: { type: ["string", "null"] },
    lastRun: { anyOf: [ref("MonitorRun"), { type: "null" }] },
  },
} as const;

export const monitorSchemas = [monitorRequestSchema, monitorPatchSchema, runSchema, monitorSchema] as const;

export function monitorView(m: MonitorRecord, lastRun: MonitorRun | null): Record<string, unknown> {
  return {
    id: m.id,
    name: m.name,
    url: m.target,
    spec: m.specUrl,
    schedule: m.schedule,
    settings: m.settings,
    paused: m.paused,
    nextRunAt: m.nextRunAt,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    createdBy: m.createdBy,
    lastRun,
  };
}

/** When a monitor that is (now) active runs next: its schedule measured from its last start. */
export async function nextRunFor(
  monitors: MonitorRepository,
  m: Pick<MonitorRecord, "id" | "schedule">,
  ctx: Pick<ServerContext, "monitoring">,
  now = new Date(),
): Promise<string> {
  const last = (await monitors.runs(m.id, 1))[0];
  const lastStart = last ? new Date(last.startedAt) : null;
  return planNextRun(m.schedule, lastStart, now, ctx.monitoring).toISOString();
}

export async function monitorRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.rampart;
  const { guard } = ctx;
  const monitors = ctx.monitors;

  const guarded = async (url: string, field: "url" | "spec"): Promise<void> => {
    if (!guard) return;
    const verdict = await guard(url, field === "url" ? "target" : "spec");
    if (!verdict.allowed) throw badRequest(`body.${field} is refused: ${verdict.reason}`);
  };
  const found = async (id: string): Promise<MonitorRecord> => {
    const m = await monitors.get(id);
    if (!m) throw notFound(`no monitor has id '${id}'`);
    return m;
  };
  const view = async (m: MonitorRecord) => monitorView(m, (await monitors.runs(m.id, 1))[0] ?? null);

  app.post<{ Body: MonitorInput }>(
    "/api/monitors",
    {
      config: { access: "operator" },
      schema: {
        tags: ["monitors"],
        summary: "Create a monitor: the target is rescanned on its schedule and changes raise events",
        description: "An `every` schedule runs first at once, then start to start; a cron schedule waits for its first match.",
        body: ref("MonitorRequest"),
        response: { 201: ref("Monitor"), ...errors },
      },
    },
    async (request, reply) => {
      const checked = checkMonitorInput(request.body, ctx.monitoring.minIntervalMs);
      await guarded(checked.target, "url");
      if (checked.specUrl) await guarded(checked.specUrl, "spec");
      const now = new Date();
      const made = await monitors.insert(
        {
          ...checked,
          nextRunAt: checked.paused ? null : planNextRun(checked.schedule, null, now, ctx.monitoring).toISOString(),
          createdBy: request.principal?.name ?? null,
        },
        now,
      );
      return reply.code(201).header("Location", `/api/monitors/${made.id}`).send(await view(made));
    },
  );

  app.get<{ Querystring: { limit: number; offset: number } }>(
    "/api/monitors",
    {
      schema: {
        tags: ["monitors"],
        summary: "List monitors with their last run, oldest first, a page at a time (limit, offset; total counts every page)",
        querystring: { type: "object", additionalProperties: false, properties: pageQuery(50, 200) },
        response: { 200: pageOf(ref("Monitor")), ...errors },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const [page, total, last] = await Promise.all([monitors.list({ limit, offset }), monitors.count(), monitors.latestRuns()]);
      return { items: page.map((m) => monitorView(m, last.get(m.id) ?? null)), total, limit, offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/monitors/:id",
    {
      schema: { tags: ["monitors"], summary: "One monitor", params: idParams, response: { 200: ref("Monitor"), ...errors } },
    },
    async (request) => view(await found(request.params.id)),
  );

  app.get<{ Params: { id: string }; Querystring: { limit: number } }>(
    "/api/monitors/:id/runs",
    {
      schema: {
        tags: ["monitors"],
        summary: "A monitor's runs, newest first, with what each found changed",
        params: idParams,
        querystring: { type: "object", additionalProperties: false, properties: { limit: { type: "integer", minimum: 1, maximum: 200, default: 20 } } },
        response: { 200: { type: "object", required: ["items"], properties: { items: { type: "array", items: ref("MonitorRun") } } }, ...errors },
      },
    },
    async (request) => ({ items: await monitors.runs((await found(request.params.id)).id, request.query.limit) }),
  );

  app.patch<{ Params: { id: string }; Body: MonitorInputPatch }>(
    "/api/monitors/:id",
    {
      config: { access: "operator" },
      schema: {
        tags: ["monitors"],
        summary: "Edit a monitor (only the fields given change)",
        params: idParams,
        body: ref("MonitorPatch"),
        response: { 200: ref("Monitor"), ...errors },
      },
    },
    async (request) => {
      const m = await found(request.params.id);
      const b = request.body;
      const patch: MonitorPatch = {};
      if (b.name !== undefined) patch.name = b.name?.trim() || null;
      if (b.url !== undefined) {
        patch.target = monitorUrl("body.url", b.url);
        await guarded(patch.target, "url");
      }
      if (b.spec !== undefined) {
        patch.specUrl = b.spec ? monitorUrl("body.spec", b.spec) : null;
        if (patch.specUrl) await guarded(patch.specUrl, "spec");
      }
      if (b.schedule !== undefined) patch.schedule = parseSchedule(b.schedule, ctx.monitoring.minIntervalMs, "body.schedule");
      const settings = settingsOf(b, m.settings);
      if (JSON.stringify(settings) !== JSON.stringify(m.settings)) patch.settings = settings;
      const paused = b.paused ?? m.paused;
      patch.paused = paused;
      // A new schedule (or resuming) plans the next run afresh; pausing clears it.
      if (paused) patch.nextRunAt = null;
      else if (patch.schedule || m.paused) patch.nextRunAt = await nextRunFor(monitors, { id: m.id, schedule: patch.schedule ?? m.schedule }, ctx);
      return view((await monitors.update(m.id, patch)) ?? m);
    },
  );

  for (const action of ["pause", "resume"] as const) {
    app.post<{ Params: { id: string } }>(
      `/api/monitors/:id/${action}`,
      {
        config: { access: "operator" },
        schema: {
          tags: ["monitors"],
          summary: action === "pause" ? "Pause a monitor (a run in progress finishes)" : "Resume a monitor; an overdue run starts at once",
          params: idParams,
          response: { 200: ref("Monitor"), ...errors },
        },
      },
      async (request) => {
        const m = await found(request.params.id);
        const patch: MonitorPatch =
          action === "pause" ? { paused: true, nextRunAt: null } : m.paused ? { paused: false, nextRunAt: await nextRunFor(monitors, m, ctx) } : {};
        return view(Object.keys(patch).length ? ((await monitors.update(m.id, patch)) ?? m) : m);
      },
    );
  }

  app.delete<{ Params: { id: string } }>(
    "/api/monitors/:id",
    {
      config: { access: "operator" },
      schema: {
        tags: ["monitors"],
        summary: "Delete a monitor and its run history (its scans and events stay)",
        params: idParams,
        response: { 200: ref("Monitor"), ...errors },
      },
    },
    async (request) => {
      const m = await found(request.params.id);
      const view0 = await view(m);
      await monitors.remove(m.id);
      return view0;
    },
  );
}
