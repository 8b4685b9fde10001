// /api/scans/{id}/events (Server-Sent Events), /cancel and /report: following, stopping and exporting a scan.
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ScanReport } from "../../core/types.js";
import { htmlReportCsp } from "../../report/renderers/html.js";
import { renderers } from "../../report/renderers/index.js";
import { renderOptionsFor } from "../../surfaces/report-files.js";
import type { StoredScan } from "../../store/index.js";
import { conflict, notFound } from "../errors.js";
import type { ServerEvent } from "../runner.js";
import { idParams, ref } from "../schemas.js";
import { ScanViews } from "../views.js";

export const REPORT_FORMATS = ["json", "sarif", "junit", "markdown", "html", "pdf"] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

const REPORT_TYPES: Record<ReportFormat, { type: string; ext: string }> = {
  json: { type: "application/json; charset=utf-8", ext: "json" },
  sarif: { type: "application/sarif+json; charset=utf-8", ext: "sarif" },
  junit: { type: "application/xml; charset=utf-8", ext: "junit.xml" },
  markdown: { type: "text/markdown; charset=utf-8", ext: "md" },
  html: { type: "text/html; charset=utf-8", ext: "html" },
  pdf: { type: "application/pdf", ext: "pdf" },
};

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error"), 409: ref("Error") };
/** Comment lines keep proxies from closing an idle event stream. */
const HEARTBEAT_MS = 15_000;
/** A scan run by another process (the CLI) is followed by polling the store. */
const POLL_MS = 1000;
const FINAL = new Set(["completed", "failed", "cancelled"]);

function doneEvent(scan: StoredScan): ServerEvent {
  return {
    type: "done",
    status: scan.status as "completed" | "failed" | "cancelled",
    score: scan.score,
    grade: scan.grade,
    error: scan.error,
  };
}

export async function scanExtraRoutes(app: FastifyInstance): Promise<void> {
  const { store, runner } = app.rampart;
  const views = new ScanViews(store);
  const mustGet = async (id: string): Promise<StoredScan> => {
    const scan = await store.scans.get(id);
    if (!scan) throw notFound(`no scan has id '${id}'`);
    return scan;
  };

  app.get<{ Params: { id: string } }>(
    "/api/scans/:id/events",
    {
      schema: {
        tags: ["scans"],
        summary: "Follow a scan as Server-Sent Events",
        description:
          "Events (the `event:` field; `data:` is JSON): status, phase, progress, check, finding, and done (status, score, grade, error) last. " +
          "A scan that has already ended sends done at once.",
        params: idParams,
        response: { 200: { description: "text/event-stream", type: "string" }, ...errors },
      },
    },
    async (request, reply) => {
      const scan = await mustGet(request.params.id);
      openStream(reply);
      const send = (e: ServerEvent): void => {
        reply.raw.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
        if (e.type === "done") close();
      };
      let unsubscribe: (() => void) | null = null;
      const timers: { poll?: NodeJS.Timeout } = {};
      const heartbeat = setInterval(() => reply.raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
      let closed = false;
      const close = (): void => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        clearInterval(timers.poll);
        unsubscribe?.();
        reply.raw.end();
      };
      request.raw.on("close", close);
      if (FINAL.has(scan.status)) return send(doneEvent(scan));
      unsubscribe = runner.subscribe(scan.id, send);
      if (unsubscribe || closed) return;
      // Not run by this server: report its state, then poll the store until it ends.
      send({ type: "status", status: scan.status as "queued" | "running" });
      timers.poll = setInterval(() => {
        store.scans.get(scan.id).then(
          (now) => {
            if (closed) return;
            if (!now || FINAL.has(now.status)) send(now ? doneEvent(now) : { type: "done", status: "failed", score: null, grade: null, error: "the scan vanished from the store" });
          },
          () => undefined, // the store is unreachable for a moment (restart): poll again
        );
      }, POLL_MS);
    },
  );

  app.post<{ Params: { id: string } }>(
    "/api/scans/:id/cancel",
    {
      config: { access: "operator" },
      schema: {
        tags: ["scans"],
        summary: "Cancel a queued or running scan",
        params: idParams,
        response: { 200: { type: "object", required: ["id", "status"], properties: { id: { type: "string" }, status: { type: "string" } } }, ...errors },
      },
    },
    async (request) => {
      const scan = await mustGet(request.params.id);
      if (FINAL.has(scan.status)) throw conflict(`scan ${scan.id} has already ended (${scan.status})`);
      const outcome = await runner.cancel(scan.id);
      if (outcome === "unknown") throw conflict(`scan ${scan.id} is run by another process (pid ${scan.pid ?? "unknown"}); stop it there`);
      if (outcome === "finished") throw conflict(`scan ${scan.id} ended before it could be cancelled`);
      return { id: scan.id, status: "cancelled" };
    },
  );

  app.get<{ Params: { id: string }; Querystring: { format: ReportFormat } }>(
    "/api/scans/:id/report",
    {
      schema: {
        tags: ["scans"],
        summary: "The report of a completed scan in a format (triage applied)",
        params: idParams,
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: { format: { type: "string", enum: REPORT_FORMATS, default: "json" } },
        },
        response: { 200: { description: "the report document" }, ...errors },
      },
    },
    async (request, reply) => {
      const scan = await mustGet(request.params.id);
      if (!scan.report) throw conflict(`scan ${scan.id} is ${scan.status}: it has no report${scan.error ? ` (${scan.error})` : ""}`);
      const report: ScanReport = await views.report(scan.report);
      const format = request.query.format;
      const { type, ext } = REPORT_TYPES[format];
      const name = `rampart-${scan.id}.${ext}`;
      reply.type(type);
      reply.header("content-disposition", `${format === "pdf" ? "attachment" : "inline"}; filename="${name}"`);
      if (format === "pdf") {
        const { renderPdf } = await import("../../surfaces/report-pdf.js");
        return reply.send(await renderPdf(report));
      }
      if (format === "html") reply.header("content-security-policy", htmlReportCsp());
      // No file system behind the server's reports: spec lines are not looked up.
      const opts = renderOptionsFor({ baseDir: "/nonexistent-rampart-server" });
      return reply.send(renderers[format](report, { ...opts, sarif: { ...opts.sarif, locate: () => null } }));
    },
  );
}

function openStream(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
  });
  reply.raw.write(": rampart scan events\n\n");
}
