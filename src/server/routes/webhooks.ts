// /api/webhooks (admin): subscribe an endpoint (its secret is in the create and rotate responses only), list,
// read, edit, delete, rotate the secret. /api/webhooks/{id}/deliveries and /api/deliveries: what was sent,
// what is pending, the dead letters (viewer), and manual redelivery (operator).
// The plugin also runs the sender for the server's lifetime (started when the server is ready, stopped
// before the store closes).
import type { FastifyInstance } from "fastify";
import { InputError } from "../../core/errors.js";
import { SEVERITIES } from "../../core/types.js";
import { EVENT_TYPES } from "../../monitor/events.js";
import { DELIVERY_STATUSES, type DeliveryStatus, type ListDeliveriesInput, type ListedDelivery } from "../../store/webhooks.js";
import {
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  MAX_ROTATION_OVERLAP_SECONDS,
  WEBHOOK_DESCRIPTION_MAX,
  WEBHOOK_FORMATS,
  WEBHOOK_URL_MAX,
  WebhookService,
  type WebhookInput,
  type WebhookServiceOptions,
} from "../../webhooks/endpoints.js";
import { deliveryView as deliveryOut } from "../../webhooks/deliveries.js";
import { WebhookSender, type SenderOptions } from "../../webhooks/sender.js";
import { badRequest, conflict, notFound } from "../errors.js";
import { idParams, ref } from "../schemas.js";

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error") };

export interface WebhookPluginOptions extends WebhookServiceOptions, Omit<SenderOptions, "store" | "service"> {
  /** Start the sender with the server (default true; tests of the API alone may turn it off). */
  send?: boolean;
}

const webhookView = {
  type: "object",
  required: ["id", "url", "format", "events", "active", "createdAt"],
  properties: {
    id: { type: "string" },
    url: { type: "string", description: "shortened; the full URL is write-only (Slack and Teams URLs are credentials)" },
    format: { type: "string", enum: WEBHOOK_FORMATS },
    description: { type: ["string", "null"] },
    events: { type: "array", items: { type: "string" } },
    minSeverity: { type: ["string", "null"] },
    active: { type: "boolean" },
    previousSecretExpiresAt: { type: ["string", "null"], description: "until when the secret replaced by the last rotation still signs" },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
    deliveries: {
      type: "object",
      properties: Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, { type: "integer" }])),
    },
  },
} as const;

const deliveryView = {
  type: "object",
  required: ["id", "webhookId", "eventId", "eventType", "status", "attempts"],
  properties: {
    id: { type: "integer" },
    webhookId: { type: "string" },
    eventId: { type: "string", description: "also the Rampart-Delivery header: receivers de-duplicate by it" },
    eventType: { type: "string" },
    monitor: {
      anyOf: [{ type: "object", required: ["id", "name"], properties: { id: { type: "string" }, name: { type: ["string", "null"] } } }, { type: "null" }],
      description: "the monitor that raised the event (its name as the event carried it); null for a one-off scan",
    },
    target: { type: ["string", "null"], description: "the scanned target the event is about" },
    status: { type: "string", enum: DELIVERY_STATUSES },
    attempts: { type: "integer" },
    nextAttemptAt: { type: ["string", "null"] },
    lastAttemptAt: { type: ["string", "null"] },
    lastStatus: { type: ["integer", "null"] },
    lastError: { type: ["string", "null"] },
    createdAt: { type: "string" },
    deliveredAt: { type: ["string", "null"] },
    deadAt: { type: ["string", "null"] },
  },
} as const;

const subscription = {
  url: { type: "string", minLength: 1, maxLength: WEBHOOK_URL_MAX, writeOnly: true, description: "http(s) URL, or mailto:address for the email format" },
  events: {
    type: "array",
    minItems: 1,
    maxItems: EVENT_TYPES.length + 1,
    items: { type: "string", enum: [...EVENT_TYPES, "*"] },
    description: "event types to receive, or [\"*\"] for all",
  },
  minSeverity: { type: ["string", "null"], enum: [...SEVERITIES, null], description: "events below it are not sent (events without a severity always are)" },
  format: { type: "string", enum: WEBHOOK_FORMATS, description: "json (default, signed event), slack, teams, email" },
  description: { type: ["string", "null"], maxLength: WEBHOOK_DESCRIPTION_MAX },
  active: { type: "boolean", description: "false holds deliveries (kept, sent when reactivated)" },
} as const;

const secretResponse = {
  type: "object",
  required: ["id", "secret", "webhook"],
  properties: { id: { type: "string" }, secret: { type: "string", description: "the signing secret; shown only in this response" }, webhook: webhookView },
} as const;

const listQuery = {
  type: "object",
  additionalProperties: false,
  properties: {
    status: { type: "string", enum: DELIVERY_STATUSES },
    webhook: { type: "string", minLength: 1, maxLength: 100 },
    monitor: { type: "string", minLength: 1, maxLength: 100, description: "only deliveries of events this monitor raised" },
    limit: { type: "integer", minimum: 1, maximum: 500, default: 50 },
    before: { type: "integer", minimum: 1, description: "paging: deliveries with a smaller id" },
  },
} as const;

type ListQuery = { status?: DeliveryStatus; webhook?: string; monitor?: string; limit: number; before?: number };

/** The store filter of a listing's query (the endpoint comes from the path or `webhook=`). */
function listFilter(q: ListQuery, endpointId: string | undefined): ListDeliveriesInput {
  return {
    ...(endpointId ? { endpointId } : {}),
    ...(q.monitor ? { monitorId: q.monitor } : {}),
    ...(q.status ? { status: q.status } : {}),
    limit: q.limit,
    ...(q.before ? { beforeId: q.before } : {}),
  };
}

/** An InputError from the service is a 400 naming the body field. */
async function mapped<T>(fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof InputError) throw badRequest(`body.${e.message}`);
    throw e;
  }
}

/** Registered without encapsulation, so `app.webhooks` and the sender's hooks belong to the whole server. */
export function webhookPlugin(opts: WebhookPluginOptions) {
  const plugin = async function webhooks(app: FastifyInstance): Promise<void> {
    const store = app.rampart.store;
    const rows = store.webhooks;
    const service = new WebhookService(store, opts);
    const sender = new WebhookSender({ ...opts, store, service });
    app.decorate("webhooks", { service, sender });
    if (opts.send !== false) {
      app.addHook("onReady", async () => sender.start());
      app.addHook("onClose", async () => sender.stop());
    }

    app.post<{ Body: WebhookInput }>(
      "/api/webhooks",
      {
        config: { access: "admin" },
        schema: {
          tags: ["webhooks"],
          summary: "Subscribe an endpoint to events; the signing secret is in this response only",
          body: { type: "object", required: ["url", "events"], additionalProperties: false, properties: subscription },
          response: { 201: secretResponse, ...errors },
        },
      },
      async (request, reply) => {
        const made = await mapped(() => service.create(request.body));
        return reply.code(201).send({ id: made.view.id, secret: made.secret, webhook: made.view });
      },
    );

    app.get(
      "/api/webhooks",
      {
        config: { access: "admin" },
        schema: { tags: ["webhooks"], summary: "List webhook endpoints", response: { 200: { type: "object", properties: { items: { type: "array", items: webhookView } } }, ...errors } },
      },
      async () => ({ items: await service.list() }),
    );

    app.get<{ Params: { id: string } }>(
      "/api/webhooks/:id",
      { config: { access: "admin" }, schema: { tags: ["webhooks"], summary: "One webhook endpoint", params: idParams, response: { 200: webhookView, ...errors } } },
      async (request) => (await service.get(request.params.id)) ?? Promise.reject(notFound(`no webhook has id '${request.params.id}'`)),
    );

    app.patch<{ Params: { id: string }; Body: Partial<WebhookInput> }>(
      "/api/webhooks/:id",
      {
        config: { access: "admin" },
        schema: {
          tags: ["webhooks"],
          summary: "Change an endpoint's URL, events, minimum severity, format, description or active flag",
          params: idParams,
          body: { type: "object", additionalProperties: false, minProperties: 1, properties: subscription },
          response: { 200: webhookView, ...errors },
        },
      },
      async (request) => {
        const updated = await mapped(() => service.update(request.params.id, request.body));
        if (!updated) throw notFound(`no webhook has id '${request.params.id}'`);
        sender.wake();
        return updated;
      },
    );

    app.delete<{ Params: { id: string } }>(
      "/api/webhooks/:id",
      {
        config: { access: "admin" },
        schema: {
          tags: ["webhooks"],
          summary: "Delete an endpoint and its delivery records",
          params: idParams,
          response: { 200: { type: "object", properties: { id: { type: "string" }, deleted: { type: "boolean" } } }, ...errors },
        },
      },
      async (request) => {
        if (!(await service.remove(request.params.id))) throw notFound(`no webhook has id '${request.params.id}'`);
        return { id: request.params.id, deleted: true };
      },
    );

    app.post<{ Params: { id: string }; Body: { overlapSeconds?: number } | undefined }>(
      "/api/webhooks/:id/rotate",
      {
        config: { access: "admin" },
        schema: {
          tags: ["webhooks"],
          summary: "Rotate the signing secret; the old one keeps signing (a second v1=) during the overlap",
          params: idParams,
          body: {
            type: ["object", "null"],
            additionalProperties: false,
            properties: {
              overlapSeconds: {
                type: "integer",
                minimum: 0,
                maximum: MAX_ROTATION_OVERLAP_SECONDS,
                description: `how long the previous secret still signs (default ${DEFAULT_ROTATION_OVERLAP_SECONDS}; 0 retires it now)`,
              },
            },
          },
          response: { 200: secretResponse, ...errors },
        },
      },
      async (request) => {
        const rotated = await service.rotate(request.params.id, request.body?.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS);
        if (!rotated) throw notFound(`no webhook has id '${request.params.id}'`);
        return { id: rotated.view.id, secret: rotated.secret, webhook: rotated.view };
      },
    );

    app.get<{ Params: { id: string }; Querystring: ListQuery }>(
      "/api/webhooks/:id/deliveries",
      {
        config: { access: "viewer" },
        schema: {
          tags: ["webhooks"],
          summary: "Deliveries of one endpoint, newest first (status=dead: its dead letters)",
          params: idParams,
          querystring: listQuery,
          response: { 200: { type: "object", properties: { items: { type: "array", items: deliveryView } } }, ...errors },
        },
      },
      async (request) => {
        if (!(await rows.getEndpoint(request.params.id))) throw notFound(`no webhook has id '${request.params.id}'`);
        return { items: (await rows.listDeliveries(listFilter(request.query, request.params.id))).map(deliveryOut) };
      },
    );

    app.get<{ Querystring: ListQuery }>(
      "/api/deliveries",
      {
        config: { access: "viewer" },
        schema: {
          tags: ["webhooks"],
          summary: "Deliveries of every endpoint, newest first; status=dead lists the dead letters, monitor=<id> those of one monitor's events",
          querystring: listQuery,
          response: { 200: { type: "object", properties: { items: { type: "array", items: deliveryView } } }, ...errors },
        },
      },
      async (request) => {
        return { items: (await rows.listDeliveries(listFilter(request.query, request.query.webhook))).map(deliveryOut) };
      },
    );

    app.post<{ Params: { id: string } }>(
      "/api/deliveries/:id/redeliver",
      {
        config: { access: "operator" },
        schema: {
          tags: ["webhooks"],
          summary: "Send a dead (or already delivered) delivery again, with a fresh retry window",
          params: { type: "object", required: ["id"], properties: { id: { type: "integer", minimum: 1 } } },
          response: { 200: deliveryView, ...errors, 409: ref("Error") },
        },
      },
      async (request) => {
        const id = Number(request.params.id);
        const d = await rows.getDelivery(id);
        if (!d) throw notFound(`no delivery has id ${id}`);
        if (d.status === "pending") throw conflict(`delivery ${id} is already pending`);
        await rows.requeueDeliveries([id], Date.now());
        sender.wake();
        return deliveryOut((await rows.getDelivery(id)) as ListedDelivery);
      },
    );

    app.post<{ Params: { id: string } }>(
      "/api/webhooks/:id/redeliver",
      {
        config: { access: "operator" },
        schema: {
          tags: ["webhooks"],
          summary: "Send every dead letter of an endpoint again, in event order",
          params: idParams,
          response: { 200: { type: "object", properties: { requeued: { type: "integer" } } }, ...errors },
        },
      },
      async (request) => {
        if (!(await rows.getEndpoint(request.params.id))) throw notFound(`no webhook has id '${request.params.id}'`);
        const requeued = await rows.requeueDeliveries(await rows.deadDeliveryIds(request.params.id), Date.now());
        sender.wake();
        return { requeued };
      },
    );
  };
  // What fastify-plugin does: the decorator and hooks are not confined to this plugin's scope.
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;
  return plugin;
}

declare module "fastify" {
  interface FastifyInstance {
    webhooks?: { service: WebhookService; sender: WebhookSender };
  }
}
