// `rampart webhook add|list|edit|pause|resume|remove|rotate`: webhook endpoints in the store `rampart serve` reads
// (a running server's sender picks up a change on its next poll, within a second). Everything goes through
// the server's own WebhookService, so URLs pass the same checks (http or https, no link-local or metadata
// address) and are sealed the same way. A signing secret is printed once, by `add` or by the `rotate` that made it;
// nothing prints it again.
import { UsageError } from "../../../core/errors.js";
import type { Severity } from "../../../core/types.js";
import type { RampartStore } from "../../../store/contract.js";
import {
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  WEBHOOK_FORMATS,
  WebhookService,
  webhookView,
  type WebhookFormat,
  type WebhookInput,
  type WebhookView,
} from "../../../webhooks/endpoints.js";
import type { CliIO } from "../command.js";
import { table, when } from "../table.js";
import { checkFormat, foundEndpoint, namingFlags, serverKey, withWebhookStore, type OutputFlags, type PageFlags, type WebhookStoreFlags } from "./webhook-store.js";

export interface WebhookSettingFlags {
  events?: string;
  minSeverity?: string;
  payload?: string;
  description?: string;
}

export type WebhookAddFlags = OutputFlags & WebhookSettingFlags & { paused?: boolean };
export type WebhookEditFlags = WebhookStoreFlags & WebhookSettingFlags & { url?: string; clearMinSeverity?: boolean; clearDescription?: boolean };

/** Default page of `webhook list`. */
export const WEBHOOK_PAGE = 50;

const ADD_FLAGS = { url: "<url>", events: "--events", format: "--payload", minSeverity: "--min-severity", description: "--description" };
const EDIT_FLAGS = { ...ADD_FLAGS, url: "--url" };

function service(store: RampartStore, io: CliIO): WebhookService {
  // The CLI cannot see whether the server has an SMTP relay; it warns instead (see warnAboutEmail).
  return new WebhookService(store, { key: serverKey(store, io), emailEnabled: true });
}

function eventList(value: string): string[] {
  return value
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
}

function payload(value: string | undefined): WebhookFormat | undefined {
  if (value === undefined) return undefined;
  if (!(WEBHOOK_FORMATS as readonly string[]).includes(value)) throw new UsageError(`--payload must be one of ${WEBHOOK_FORMATS.join(", ")} (got '${value}')`);
  return value as WebhookFormat;
}

function warnAboutEmail(format: WebhookFormat | undefined, io: CliIO): void {
  if (format === "email" && !io.env["RAMPART_SMTP_URL"]?.trim()) {
    io.err("warning: e-mail deliveries are sent only by a `rampart serve` started with RAMPART_SMTP_URL (not set here)");
  }
}

/** The secret an add or rotate made, printed once: id and secret, or with --format json the API's answer. */
function printSecret(made: { view: WebhookView; secret: string }, flags: OutputFlags, io: CliIO): void {
  if (flags.format === "json") io.out(JSON.stringify({ id: made.view.id, secret: made.secret, webhook: made.view }, null, 2));
  else io.out(table([["id", made.view.id], ["secret", made.secret]]));
}

function describe(v: Pick<WebhookView, "id" | "url" | "format" | "events">): string {
  return `webhook ${v.id} (${v.url}, ${v.format}, events ${v.events.join(",")})`;
}

/** A new URL is sealed under the key in use: refused when the store's endpoints were sealed under another. */
async function checkSameKey(store: RampartStore, keyId: string, keySource: string): Promise<void> {
  const other = (await store.webhooks.listEndpoints()).find((r) => r.key_id !== keyId);
  if (other) {
    throw new UsageError(
      `webhook ${other.id} in this store was sealed under another key (id ${other.key_id}) than the one in use (id ${keyId}, from ${keySource}); ` +
        "run with the key of the `rampart serve` on this store (RAMPART_SECRET_KEY or RAMPART_SECRET_KEY_FILE)",
    );
  }
}

export async function runWebhookAdd(url: string, flags: WebhookAddFlags, io: CliIO): Promise<void> {
  checkFormat(flags.format);
  const format = payload(flags.payload);
  const input: WebhookInput = {
    url,
    events: flags.events === undefined ? ["*"] : eventList(flags.events),
    ...(format ? { format } : {}),
    ...(flags.minSeverity !== undefined ? { minSeverity: flags.minSeverity as Severity } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.paused ? { active: false } : {}),
  };
  await withWebhookStore(flags, io, async (store) => {
    const key = serverKey(store, io)();
    await checkSameKey(store, key.id, key.source);
    const made = await namingFlags(ADD_FLAGS, () => new WebhookService(store, { key, emailEnabled: true }).create(input));
    printSecret(made, flags, io);
    warnAboutEmail(made.view.format, io);
    io.err(
      `added ${describe(made.view)}${made.view.active ? "" : ", paused"}. The secret is shown only now: store it with the receiver, ` +
        `which checks each delivery's Rampart-Signature with it (see rampart webhook verify --help). Sealed under key ${key.id}: ` +
        "the `rampart serve` on this store must use the same key.",
    );
  });
}

/** A page of endpoints, oldest first, with their delivery counts; never a URL in full, never a secret. */
export async function runWebhookList(flags: PageFlags, io: CliIO): Promise<void> {
  checkFormat(flags.format);
  const limit = flags.limit ?? WEBHOOK_PAGE;
  const offset = flags.offset ?? 0;
  await withWebhookStore(flags, io, async (store) => {
    const rows = await store.webhooks.listEndpoints();
    const page = await Promise.all(rows.slice(offset, offset + limit).map(async (r) => webhookView(r, await store.webhooks.deliveryCounts(r.id))));
    if (flags.format === "json") return io.out(JSON.stringify(page, null, 2));
    if (rows.length === 0) return io.out("No webhooks. Add one with: rampart webhook add <url> --events finding.new,grade.changed");
    if (page.length === 0) return io.out(`No webhooks from --offset ${offset}: there are ${rows.length}.`);
    io.out(
      table([
        ["ID", "STATE", "FORMAT", "EVENTS", "MIN SEVERITY", "PENDING", "DELIVERED", "DEAD", "CREATED (UTC)", "URL", "DESCRIPTION"],
        ...page.map((v) => [
          v.id,
          v.active ? "active" : "paused",
          v.format,
          v.events.join(","),
          v.minSeverity ?? "-",
          String(v.deliveries.pending),
          String(v.deliveries.delivered),
          String(v.deliveries.dead),
          when(v.createdAt),
          v.url,
          v.description ?? "",
        ]),
      ]),
    );
    const end = offset + page.length;
    if (offset > 0 || end < rows.length) {
      io.err(`webhooks ${offset + 1}-${end} of ${rows.length}${end < rows.length ? `; next page: --offset ${end}${flags.limit ? ` --limit ${limit}` : ""}` : ""}`);
    }
  });
}

export async function runWebhookEdit(id: string, flags: WebhookEditFlags, io: CliIO): Promise<void> {
  if (flags.minSeverity !== undefined && flags.clearMinSeverity) throw new UsageError("give --min-severity or --clear-min-severity, not both");
  if (flags.description !== undefined && flags.clearDescription) throw new UsageError("give --description or --clear-description, not both");
  const format = payload(flags.payload);
  const patch: Partial<WebhookInput> = {
    ...(flags.url !== undefined ? { url: flags.url } : {}),
    ...(flags.events !== undefined ? { events: eventList(flags.events) } : {}),
    ...(format ? { format } : {}),
    ...(flags.minSeverity !== undefined ? { minSeverity: flags.minSeverity as Severity } : {}),
    ...(flags.clearMinSeverity ? { minSeverity: null } : {}),
    ...(flags.description !== undefined ? { description: flags.description } : {}),
    ...(flags.clearDescription ? { description: null } : {}),
  };
  if (Object.keys(patch).length === 0) {
    throw new UsageError("nothing to change: give --url, --events, --payload, --min-severity, --clear-min-severity, --description or --clear-description");
  }
  await withWebhookStore(flags, io, async (store) => {
    const row = await foundEndpoint(store, id);
    const updated = await namingFlags(EDIT_FLAGS, () => service(store, io).update(row.id, patch));
    if (!updated) throw new UsageError(`no webhook has id '${row.id}' (see rampart webhook list)`);
    warnAboutEmail(format, io);
    io.out(`updated ${describe(updated)}`);
  });
}

export async function runWebhookPause(id: string, flags: WebhookStoreFlags, io: CliIO): Promise<void> {
  await setActive(id, false, flags, io);
}

export async function runWebhookResume(id: string, flags: WebhookStoreFlags, io: CliIO): Promise<void> {
  await setActive(id, true, flags, io);
}

/** Paused endpoints keep their deliveries, which go out in order once resumed. */
async function setActive(id: string, active: boolean, flags: WebhookStoreFlags, io: CliIO): Promise<void> {
  await withWebhookStore(flags, io, async (store) => {
    const row = await foundEndpoint(store, id);
    const view = webhookView(row, await store.webhooks.deliveryCounts(row.id));
    if (view.active === active) return io.out(`${describe(view)} is ${active ? "not paused" : "already paused"}`);
    const updated = (await service(store, io).update(row.id, { active })) ?? view;
    io.out(
      active
        ? `resumed ${describe(updated)}; ${updated.deliveries.pending} pending deliveries go out in order`
        : `paused ${describe(updated)}; its deliveries are kept and sent when resumed`,
    );
  });
}

export async function runWebhookRemove(id: string, flags: WebhookStoreFlags, io: CliIO): Promise<void> {
  await withWebhookStore(flags, io, async (store) => {
    const row = await foundEndpoint(store, id);
    const view = webhookView(row, await store.webhooks.deliveryCounts(row.id));
    await store.webhooks.deleteEndpoint(row.id);
    const records = view.deliveries.pending + view.deliveries.delivered + view.deliveries.dead;
    io.out(`removed ${describe(view)} and its ${records} delivery record${records === 1 ? "" : "s"}`);
  });
}

export type WebhookRotateFlags = OutputFlags & { overlap?: number };

/** A new signing secret, printed once; the previous one keeps signing (a second v1=) during the overlap. */
export async function runWebhookRotate(id: string, flags: WebhookRotateFlags, io: CliIO): Promise<void> {
  checkFormat(flags.format);
  const overlap = flags.overlap ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  await withWebhookStore(flags, io, async (store) => {
    const row = await foundEndpoint(store, id);
    // Under another key than the row's, the service refuses: it opens the current secret first.
    const rotated = await service(store, io).rotate(row.id, overlap);
    if (!rotated) throw new UsageError(`no webhook has id '${row.id}' (see rampart webhook list)`);
    printSecret(rotated, flags, io);
    const until = overlap > 0 ? `the previous secret still signs each delivery (a second v1= value) for ${overlap} s, until the receiver has the new one` : "the previous secret no longer signs";
    io.err(`rotated the signing secret of ${describe(rotated.view)}. The new secret is shown only now; ${until}.`);
  });
}
