// A delivery as the API answers and `rampart webhook deliveries --format json` print it: the row with the
// monitor and target of its event, times as ISO strings. Nothing here carries a URL or a secret.
import type { ListedDelivery } from "../store/webhooks.js";

export type DeliveryView = ReturnType<typeof deliveryView>;

export function deliveryView(d: ListedDelivery) {
  return {
    id: Number(d.id),
    webhookId: d.endpoint_id,
    eventId: d.event_id,
    eventType: d.event_type,
    monitor: d.monitor_id ? { id: d.monitor_id, name: d.monitor_name } : null,
    target: d.target,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? new Date(Number(d.next_attempt_at)).toISOString() : null,
    lastAttemptAt: d.last_attempt_at,
    lastStatus: d.last_status,
    lastError: d.last_error,
    createdAt: d.created_at,
    deliveredAt: d.delivered_at,
    deadAt: d.dead_at,
  };
}
