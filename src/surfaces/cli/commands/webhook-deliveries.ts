// `rampart webhook deliveries|redeliver`: what was sent, what is pending, the dead letters, and manual
// redelivery, on the store `rampart serve` reads (as GET /api/deliveries and POST /api/deliveries/{id}/redeliver).
// A requeued delivery goes out from the running server's sender on its next poll (within a second).
import { UsageError } from "../../../core/errors.js";
import { DELIVERY_STATUSES, type DeliveryStatus, type ListDeliveriesInput } from "../../../store/webhooks.js";
import { deliveryView, type DeliveryView } from "../../../webhooks/deliveries.js";
import type { CliIO } from "../command.js";
import { table, when } from "../table.js";
import { checkFormat, foundEndpoint, withWebhookStore, type PageFlags, type WebhookStoreFlags } from "./webhook-store.js";

export type DeliveriesFlags = PageFlags & { endpoint?: string; monitor?: string; status?: string };

/** Default page of `webhook deliveries`, as GET /api/deliveries. */
export const DELIVERY_PAGE = 50;

function status(value: string | undefined): DeliveryStatus | undefined {
  if (value === undefined) return undefined;
  if (!(DELIVERY_STATUSES as readonly string[]).includes(value)) throw new UsageError(`--status must be one of ${DELIVERY_STATUSES.join(", ")} (got '${value}')`);
  return value as DeliveryStatus;
}

function deliveryId(value: string): number {
  if (!/^\d{1,15}$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`a delivery id is a whole number from 1 (got '${value}'; see rampart webhook deliveries)`);
  return Number(value.trim());
}

function lastResult(d: DeliveryView): string {
  if (d.lastError) return d.lastError;
  return d.lastStatus === null ? "-" : String(d.lastStatus);
}

function stateText(d: DeliveryView): string {
  if (d.status === "pending" && d.attempts > 0 && d.nextAttemptAt) return `pending, retry ${when(d.nextAttemptAt)}`;
  return d.status;
}

/** Newest first, `--limit` at a time; stderr says where the next page starts when there is one. */
export async function runWebhookDeliveries(flags: DeliveriesFlags, io: CliIO): Promise<void> {
  checkFormat(flags.format);
  const wanted = status(flags.status);
  const limit = flags.limit ?? DELIVERY_PAGE;
  const offset = flags.offset ?? 0;
  await withWebhookStore(flags, io, async (store) => {
    const endpoint = flags.endpoint !== undefined ? (await foundEndpoint(store, flags.endpoint)).id : undefined;
    const monitor = flags.monitor?.trim();
    if (monitor === "") throw new UsageError("--monitor is empty: give a monitor id from rampart monitor list");
    const filter: ListDeliveriesInput = {
      ...(endpoint ? { endpointId: endpoint } : {}),
      ...(monitor ? { monitorId: monitor } : {}),
      ...(wanted ? { status: wanted } : {}),
      // One more than the page: tells whether a next page exists without counting every row.
      limit: limit + 1,
      offset,
    };
    const rows = (await store.webhooks.listDeliveries(filter)).map(deliveryView);
    const page = rows.slice(0, limit);
    if (flags.format === "json") return io.out(JSON.stringify(page, null, 2));
    if (page.length === 0) {
      const gone = monitor && !(await store.monitors.get(monitor)) ? ` (no monitor has id '${monitor}' now; deliveries of a removed monitor's events stay listed)` : "";
      return io.out(offset > 0 ? `No deliveries from --offset ${offset}.` : `No deliveries match.${gone}`);
    }
    io.out(
      table([
        ["ID", "CREATED (UTC)", "STATUS", "ATTEMPTS", "EVENT", "MONITOR", "WEBHOOK", "TARGET", "LAST RESULT"],
        ...page.map((d) => [String(d.id), when(d.createdAt), stateText(d), String(d.attempts), d.eventType, d.monitor?.id ?? "-", d.webhookId, d.target ?? "-", lastResult(d)]),
      ]),
    );
    if (rows.length > limit || offset > 0) {
      const end = offset + page.length;
      io.err(`deliveries ${offset + 1}-${end}${rows.length > limit ? `; next page: --offset ${end}${flags.limit ? ` --limit ${limit}` : ""}` : ""}`);
    }
  });
}

/**
 * One delivery (dead, or delivered and lost by the receiver) or every dead letter of an endpoint, queued again
 * with a fresh retry window; they go out in their original order.
 */
export async function runWebhookRedeliver(id: string | undefined, flags: WebhookStoreFlags & { endpoint?: string }, io: CliIO): Promise<void> {
  if ((id === undefined) === (flags.endpoint === undefined)) throw new UsageError("give a delivery id, or --endpoint <id> to redeliver all its dead letters");
  await withWebhookStore(flags, io, async (store) => {
    if (flags.endpoint !== undefined) {
      const row = await foundEndpoint(store, flags.endpoint);
      const requeued = await store.webhooks.requeueDeliveries(await store.webhooks.deadDeliveryIds(row.id), Date.now());
      return io.out(
        requeued === 0 ? `webhook ${row.id} has no dead letters` : `requeued ${requeued} dead letter${requeued === 1 ? "" : "s"} of webhook ${row.id}; \`rampart serve\` sends them in order`,
      );
    }
    const n = deliveryId(id as string);
    const d = await store.webhooks.getDelivery(n);
    if (!d) throw new UsageError(`no delivery has id ${n} (see rampart webhook deliveries)`);
    if (d.status === "pending") return io.out(`delivery ${n} is already pending; \`rampart serve\` sends it when due`);
    await store.webhooks.requeueDeliveries([n], Date.now());
    io.out(`requeued delivery ${n} (${d.event_type} to webhook ${d.endpoint_id}, was ${d.status}); \`rampart serve\` sends it on its next poll`);
  });
}
