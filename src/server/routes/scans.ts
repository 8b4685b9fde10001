// /api/scans: start a scan (202, runs in the background), list and page stored scans, open one.
import type { FastifyInstance } from "fastify";
import { SCAN_STATUSES, type ScanStatus } from "../../store/index.js";
import { ApiError, badRequest, notFound } from "../errors.js";
import { ScanRequestRefused, scanRequestOptions, type ScanRequestSettings } from "../scan-request.js";
import { idParams, ref } from "../schemas.js";
import { ScanViews } from "../views.js";

export interface ScanRequestBody extends ScanRequestSettings {
  url: string;
  spec?: string;
}

const BODY_FIELD = { target: "body.url", spec: "body.spec", identities: "body.identities" } as const;

/** An absolute http(s) URL, or a 400 naming the field. */
export function httpUrl(field: string, value: string): string {
  const trimmed = value.trim();
  let u: URL;
  try {
    u = new URL(trimmed);
  } catch {
    throw badRequest(`${field} must be an absolute URL like http://127.0.0.1:8000 (got '${trimmed.slice(0, 200)}')`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw badRequest(`${field} must use http or https (got ${u.protocol})`);
  if (u.username || u.password) throw badRequest(`${field} must not carry credentials; store an identity for the target instead`);
  return trimmed;
}

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error") };

export async function scanRoutes(app: FastifyInstance): Promise<void> {
  const { store, runner, guard, identities, queueWaiting } = app.rampart;
  const views = new ScanViews(store);
  /** Why a queued scan waits (the job queue has no worker); asked only when some scan is queued. */
  const waitingFor = async (statuses: string[]): Promise<string | null> =>
    queueWaiting && statuses.includes("queued") ? queueWaiting() : null;

  app.post<{ Body: ScanRequestBody }>(
    "/api/scans",
    {
      config: { access: "operator" },
      schema: {
        tags: ["scans"],
        summary: "Start a scan",
        description: "Queues a scan on the server's runner and returns at once; follow it with GET /api/scans/{id}/events.",
        body: ref("ScanRequest"),
        response: {
          202: { type: "object", required: ["id", "status"], properties: { id: { type: "string" }, status: { type: "string" } } },
          ...errors,
          503: ref("Error"),
        },
      },
    },
    async (request, reply) => {
      if (!runner.accepting) throw new ApiError(503, "the server is shutting down and takes no new scans");
      const body = request.body;
      const target = httpUrl("body.url", body.url);
      const spec = body.spec ? httpUrl("body.spec", body.spec) : undefined;
      const options = await scanRequestOptions(target, spec, body, { guard, identities }).catch((e: unknown) => {
        if (!(e instanceof ScanRequestRefused)) throw e;
        throw badRequest(e.field === "identities" ? `${BODY_FIELD[e.field]}: ${e.message}` : `${BODY_FIELD[e.field]} is refused: ${e.message}`);
      });
      const id = await runner.submit(options, { requestedBy: request.principal?.name ?? "unknown" });
      return reply.code(202).header("Location", `/api/scans/${id}`).send({ id, status: "queued" });
    },
  );

  app.get<{ Querystring: { target?: string; status?: ScanStatus; limit: number; offset: number } }>(
    "/api/scans",
    {
      schema: {
        tags: ["scans"],
        summary: "List scans, newest first",
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            target: { type: "string", minLength: 1, maxLength: 2048, description: "only scans of this target URL" },
            status: { type: "string", enum: SCAN_STATUSES },
            limit: { type: "integer", minimum: 1, maximum: 200, default: 50 },
            offset: { type: "integer", minimum: 0, maximum: 10_000_000, default: 0 },
          },
        },
        response: {
          200: {
            type: "object",
            required: ["items", "total", "limit", "offset"],
            properties: {
              items: { type: "array", items: ref("ScanSummary") },
              total: { type: "integer" },
              limit: { type: "integer" },
              offset: { type: "integer" },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const { target, status, limit, offset } = request.query;
      const filter = { ...(target ? { target } : {}), ...(status ? { status } : {}) };
      const listed = await views.summaries(await store.scans.list({ ...filter, limit, offset }));
      const waiting = await waitingFor(listed.map((s) => s.status));
      const items = listed.map((s) => ({ ...s, waiting: s.status === "queued" ? waiting : null }));
      return { items, total: await store.scans.count(filter), limit, offset };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/api/scans/:id",
    {
      schema: {
        tags: ["scans"],
        summary: "One scan: status, live progress, score, grade, categories, findings (triage applied)",
        params: idParams,
        response: { 200: ref("ScanDetail"), ...errors },
      },
    },
    async (request) => {
      const scan = await store.scans.get(request.params.id);
      if (!scan) throw notFound(`no scan has id '${request.params.id}'`);
      return { ...(await views.detail(scan, runner.progress(scan.id))), waiting: await waitingFor([scan.status]) };
    },
  );
}
