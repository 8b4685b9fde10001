// /api/targets (grade and score history per target), /api/diff (two scans) and finding triage, stored per
// target and applied like baseline entries.
import type { FastifyInstance } from "fastify";
import { diffReports } from "../../diff/index.js";
import { InputError } from "../../core/errors.js";
import { targetKey, TRIAGE_STATES, type StoredScan, type TriageState } from "../../store/index.js";
import { badRequest, notFound } from "../errors.js";
import { pageOf, pageQuery, ref } from "../schemas.js";
import { ScanViews } from "../views.js";

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error") };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const looseObject = { type: "object", additionalProperties: true } as const;

interface Page {
  limit: number;
  offset: number;
}

const triageRecord = {
  type: "object",
  properties: {
    target: { type: "string" },
    findingId: { type: "string" },
    status: { type: "string", enum: TRIAGE_STATES },
    reason: { type: ["string", "null"] },
    expires: { type: ["string", "null"] },
    checkId: { type: ["string", "null"] },
    updatedAt: { type: "string" },
    updatedBy: { type: ["string", "null"] },
  },
} as const;

export async function findingRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.rampart;
  const views = new ScanViews(store);
  const triage = store.triage;
  /** A completed scan's report by id or prefix; a missing or unfinished one is a 400 naming its role. */
  const completedReport = async (id: string, role: string) => {
    const stored: StoredScan | null = await store.scans.get(id);
    if (!stored) throw new InputError(`no stored scan matches ${role} "${id}"`);
    if (!stored.report) throw new InputError(`${role} scan ${stored.id} is ${stored.status}${stored.error ? ` (${stored.error})` : ""}: it has no report to compare`);
    return stored.report;
  };

  app.get<{ Querystring: Page }>(
    "/api/targets",
    {
      schema: {
        tags: ["scans"],
        summary: "Scanned targets, most recently scanned first: latest scan (triage applied) and score history",
        querystring: { type: "object", additionalProperties: false, properties: pageQuery(100, 500) },
        response: {
          200: pageOf({
            type: "object",
            properties: {
              target: { type: "string" },
              scans: { type: "integer" },
              latest: ref("ScanSummary"),
              history: {
                type: "array",
                items: { type: "object", properties: { id: { type: "string" }, startedAt: { type: "string" }, score: { type: "integer" }, grade: { type: "string" } } },
              },
            },
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      const items = await Promise.all(
        (await store.scans.targets({ limit, offset })).map(async (t) => ({ ...t, latest: (await views.summaries([t.latest]))[0] ?? t.latest })),
      );
      return { items, total: await store.scans.targetCount(), limit, offset };
    },
  );

  app.get<{ Querystring: { from: string; to: string } }>(
    "/api/diff",
    {
      schema: {
        tags: ["findings"],
        summary: "What changed between two completed scans (from = earlier, to = later)",
        querystring: {
          type: "object",
          required: ["from", "to"],
          additionalProperties: false,
          properties: { from: { type: "string", minLength: 1, maxLength: 100 }, to: { type: "string", minLength: 1, maxLength: 100 } },
        },
        response: { 200: looseObject, ...errors },
      },
    },
    async (request) => {
      const base = await completedReport(request.query.from, "base");
      const head = await completedReport(request.query.to, "head");
      return diffReports(await views.report(base), await views.report(head));
    },
  );

  app.put<{ Params: { findingId: string }; Body: { status: TriageState; reason?: string; expires?: string; target?: string } }>(
    "/api/findings/:findingId/triage",
    {
      config: { access: "operator" },
      schema: {
        tags: ["findings"],
        summary: "Triage a finding for its target: accepted (reason, optional expiry), false-positive, or open again",
        description:
          "Stored per target and applied like baseline entries: the finding counts toward neither score nor gate, in the API, " +
          "in later server scans and in CLI scans that use the same store.",
        params: { type: "object", required: ["findingId"], properties: { findingId: { type: "string", minLength: 4, maxLength: 100 } } },
        body: {
          type: "object",
          required: ["status"],
          additionalProperties: false,
          properties: {
            status: { type: "string", enum: TRIAGE_STATES },
            reason: { type: "string", minLength: 1, maxLength: 1000 },
            expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "YYYY-MM-DD; suppresses through that day (UTC)" },
            target: { type: "string", minLength: 1, maxLength: 2048, description: "default: the target of the newest scan holding the finding" },
          },
        },
        response: { 200: triageRecord, ...errors },
      },
    },
    async (request) => {
      const { status, reason, expires, target } = request.body;
      if (status === "accepted" && !reason?.trim()) throw badRequest("body.reason is required when status is accepted");
      if (expires && (!DATE.test(expires) || Number.isNaN(Date.parse(`${expires}T00:00:00Z`)))) throw badRequest("body.expires must be a date like 2027-01-31");
      if (expires && status !== "accepted") throw badRequest("body.expires applies only to status accepted");
      const found = await store.scans.findFinding(request.params.findingId);
      if (!found && !target) throw notFound(`no stored scan holds finding '${request.params.findingId}'; give body.target to triage it anyway`);
      const findingId = found?.finding.id ?? request.params.findingId;
      const forTarget = target ?? found?.scan.target ?? "";
      const saved = await triage.set({
        target: forTarget,
        findingId,
        status,
        ...(reason ? { reason } : {}),
        expires: expires ?? null,
        checkId: found?.finding.checkId ?? null,
        by: request.principal?.name ?? null,
      });
      return (
        saved ?? {
          target: targetKey(forTarget),
          findingId,
          status: "open",
          reason: null,
          expires: null,
          checkId: found?.finding.checkId ?? null,
          updatedAt: new Date().toISOString(),
          updatedBy: request.principal?.name ?? null,
        }
      );
    },
  );

  app.get<{ Querystring: Page & { target: string } }>(
    "/api/triage",
    {
      schema: {
        tags: ["findings"],
        summary: "Triage entries of a target, by finding id",
        querystring: {
          type: "object",
          required: ["target"],
          additionalProperties: false,
          properties: { target: { type: "string", minLength: 1, maxLength: 2048 }, ...pageQuery(100, 500) },
        },
        response: { 200: pageOf(triageRecord), ...errors },
      },
    },
    async (request) => {
      const { target, limit, offset } = request.query;
      return { items: await triage.forTarget(target, { limit, offset }), total: await triage.countForTarget(target), limit, offset };
    },
  );
}
