// Webhook endpoints: what a subscription is (URL, format, event types, minimum severity), its secret
// (generated, shown once, sealed at rest, rotated with an overlap during which both secrets sign) and the
// checks a URL passes before it is stored. The URL itself is sealed too: Slack and Teams URLs are bearer
// credentials, so the API only ever shows a shortened form.
import { randomBytes } from "node:crypto";
import { InputError } from "../core/errors.js";
import { SEVERITIES, type Severity } from "../core/types.js";
import { EVENT_TYPES, type EventType } from "../monitor/events.js";
import { asRampartStore, type RampartStore, type ScanStore, type WebhookRepository } from "../store/index.js";
import type { DeliveryStatus, EndpointRow, FanOutEvent } from "../store/webhooks.js";
import { SecretKeyError, seal, unseal, type SecretKey } from "../server/secrets.js";
import { guardTarget, type Resolver } from "../server/target-guard.js";
import { newWebhookSecret } from "./signature.js";
import { DEFAULT_ROTATION_OVERLAP_SECONDS, MAX_ROTATION_OVERLAP_SECONDS } from "./rotation.js";

export const WEBHOOK_FORMATS = ["json", "slack", "teams", "email"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export { DEFAULT_ROTATION_OVERLAP_SECONDS, MAX_ROTATION_OVERLAP_SECONDS };
/** Longest URL and description an endpoint takes (the API schema and the CLI check the same limits). */
export const WEBHOOK_URL_MAX = 2048;
export const WEBHOOK_DESCRIPTION_MAX = 200;

export interface WebhookInput {
  url: string;
  events: readonly string[];
  minSeverity?: Severity | null;
  format?: WebhookFormat;
  description?: string | null;
  active?: boolean;
}

export interface WebhookView {
  id: string;
  /** Shortened: scheme, host and the first path segment (the rest of a Slack/Teams URL is its credential). */
  url: string;
  format: WebhookFormat;
  description: string | null;
  events: string[];
  minSeverity: Severity | null;
  active: boolean;
  /** Until when the secret replaced by the last rotation still signs, or null. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
  deliveries: Record<DeliveryStatus, number>;
}

export interface WebhookServiceOptions {
  /**
   * The key URLs and secrets are sealed under, or a function loading it when first needed (the CLI opens no
   * key for a change that seals and opens nothing, e.g. new event types).
   */
  key: SecretKey | (() => SecretKey);
  /** DNS for the URL check (tests inject one). */
  resolver?: Resolver;
  /** Whether e-mail endpoints can be sent (the server has an SMTP relay configured). */
  emailEnabled?: boolean;
}

/** Severity rank: critical 0 … info 4. */
const RANK = new Map<string, number>(SEVERITIES.map((s, i) => [s, i]));

/** The subscription filter: event type, then minimum severity (events without a severity pass every filter). */
export function endpointMatches(ep: Pick<EndpointRow, "events_json" | "min_severity">, event: Pick<FanOutEvent, "type" | "severity">): boolean {
  const events = JSON.parse(ep.events_json) as string[];
  if (!events.includes("*") && !events.includes(event.type)) return false;
  if (!ep.min_severity || !event.severity) return true;
  return (RANK.get(event.severity) ?? 99) <= (RANK.get(ep.min_severity) ?? 99);
}

/** `https://hooks.slack.com/services/…`: enough to tell endpoints apart, nothing that grants access. */
export function displayUrl(url: string): string {
  const u = new URL(url);
  if (u.protocol === "mailto:") return `mailto:${u.pathname}`;
  const first = u.pathname.split("/").filter(Boolean)[0];
  const more = u.pathname.split("/").filter(Boolean).length > 1 || u.search !== "";
  return `${u.protocol}//${u.host}${first ? `/${first}` : ""}${more ? "/…" : first ? "" : "/"}`;
}

const MAILBOX = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

/** The recipients of a `mailto:` endpoint. */
export function mailRecipients(url: string): string[] {
  const u = new URL(url);
  return decodeURIComponent(u.pathname)
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
}

function checkDescription(description: string | null | undefined): string | null {
  const text = description?.trim() || null;
  if (text && text.length > WEBHOOK_DESCRIPTION_MAX) throw new InputError(`description: at most ${WEBHOOK_DESCRIPTION_MAX} characters (got ${text.length})`);
  return text;
}

function checkSeverity(severity: string | null | undefined): Severity | null {
  if (severity === undefined || severity === null) return null;
  if (!(SEVERITIES as readonly string[]).includes(severity)) throw new InputError(`minSeverity: '${severity}' is not a severity (${SEVERITIES.join(", ")})`);
  return severity as Severity;
}

/** An endpoint as answers show it: the URL shortened, the secrets left out, delivery counts added. */
export function webhookView(r: EndpointRow, deliveries: Record<DeliveryStatus, number>, now = Date.now()): WebhookView {
  const live = r.previous_expires_at && Date.parse(r.previous_expires_at) > now ? r.previous_expires_at : null;
  return {
    id: r.id,
    url: r.url_display,
    format: r.format as WebhookFormat,
    description: r.description,
    events: JSON.parse(r.events_json) as EventType[],
    minSeverity: (r.min_severity as Severity | null) ?? null,
    active: r.active === 1,
    previousSecretExpiresAt: live,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deliveries,
  };
}

function normaliseEvents(events: readonly string[]): string[] {
  if (!Array.isArray(events) || events.length === 0) throw new InputError("events: choose at least one event type, or \"*\" for all");
  for (const e of events) {
    if (e !== "*" && !(EVENT_TYPES as readonly string[]).includes(e)) {
      throw new InputError(`events: '${e}' is not an event type (${EVENT_TYPES.join(", ")}, or *)`);
    }
  }
  return [...new Set(events)];
}

const context = (id: string, what: "url" | "secret"): string => `webhook:${id}:${what}`;

export class WebhookService {
  /** Endpoint and delivery rows of the store this service seals into. */
  readonly rows: WebhookRepository;
  private loadedKey: SecretKey | null = null;

  constructor(
    store: RampartStore | ScanStore,
    private readonly opts: WebhookServiceOptions,
  ) {
    this.rows = asRampartStore(store).webhooks;
  }

  private get key(): SecretKey {
    const key = this.opts.key;
    if (typeof key !== "function") return key;
    this.loadedKey ??= key();
    return this.loadedKey;
  }

  /** Checks a URL for a format: scheme, and for HTTP the target guard (no link-local or metadata address). */
  async checkUrl(url: string, format: WebhookFormat): Promise<string> {
    let u: URL;
    try {
      u = new URL(url.trim());
    } catch {
      throw new InputError(`url: '${url}' is not a URL`);
    }
    if (u.href.length > WEBHOOK_URL_MAX) throw new InputError(`url: at most ${WEBHOOK_URL_MAX} characters`);
    if (format === "email") {
      if (u.protocol !== "mailto:") throw new InputError("url: an email endpoint takes mailto:address[,address…]");
      const to = mailRecipients(u.href);
      if (to.length === 0 || to.some((a) => !MAILBOX.test(a))) throw new InputError("url: mailto: needs one or more addresses like ops@example.com");
      if (!this.opts.emailEnabled) throw new InputError("format: email needs the server's SMTP relay (set RAMPART_SMTP_URL before rampart serve)");
      return u.href;
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new InputError(`url: scheme ${u.protocol} is not supported (http: or https:)`);
    const verdict = await guardTarget(u.href, this.opts.resolver ? { resolver: this.opts.resolver } : {});
    if (!verdict.ok) throw new InputError(`url: ${verdict.reason.replace(/^target host/, "host")}`);
    return u.href;
  }

  async create(input: WebhookInput, now = new Date()): Promise<{ view: WebhookView; secret: string }> {
    const format = input.format ?? "json";
    const url = await this.checkUrl(input.url, format);
    const events = normaliseEvents(input.events);
    const description = checkDescription(input.description);
    const minSeverity = checkSeverity(input.minSeverity);
    const id = `wh_${randomBytes(8).toString("hex")}`;
    const secret = newWebhookSecret();
    const iso = now.toISOString();
    await this.rows.insertEndpoint({
      id,
      format,
      url_sealed: seal(this.key, url, context(id, "url")),
      url_display: displayUrl(url),
      description,
      events_json: JSON.stringify(events),
      min_severity: minSeverity,
      active: input.active === false ? 0 : 1,
      secret_sealed: seal(this.key, secret, context(id, "secret")),
      previous_secret_sealed: null,
      previous_expires_at: null,
      key_id: this.key.id,
      from_seq: await this.rows.latestEventSeq(),
      created_at: iso,
      updated_at: iso,
    });
    return { view: (await this.get(id)) as WebhookView, secret };
  }

  async list(): Promise<WebhookView[]> {
    return Promise.all((await this.rows.listEndpoints()).map((r) => this.view(r)));
  }

  async get(id: string): Promise<WebhookView | null> {
    const row = await this.rows.getEndpoint(id);
    return row ? this.view(row) : null;
  }

  async update(id: string, patch: Partial<WebhookInput>, now = new Date()): Promise<WebhookView | null> {
    const row = await this.rows.getEndpoint(id);
    if (!row) return null;
    const format = patch.format ?? (row.format as WebhookFormat);
    const changes: Partial<EndpointRow> = { updated_at: now.toISOString(), format };
    if (patch.url !== undefined || patch.format !== undefined) {
      // The secret stays sealed under the row's key: a URL sealed under another would leave half a record
      // no single key opens.
      if (row.key_id !== this.key.id) {
        throw new SecretKeyError(
          `webhook ${id} was sealed under another key (id ${row.key_id}) than the one in use (id ${this.key.id}, from ${this.key.source}); use the key it was stored with`,
        );
      }
      // A new format is checked against the URL it will be sent to (the stored one when no new URL is given).
      const url = await this.checkUrl(patch.url ?? this.url(row), format);
      changes.url_sealed = seal(this.key, url, context(id, "url"));
      changes.url_display = displayUrl(url);
      changes.key_id = this.key.id;
    }
    if (patch.events !== undefined) changes.events_json = JSON.stringify(normaliseEvents(patch.events));
    if (patch.minSeverity !== undefined) changes.min_severity = checkSeverity(patch.minSeverity);
    if (patch.description !== undefined) changes.description = checkDescription(patch.description);
    if (patch.active !== undefined) changes.active = patch.active ? 1 : 0;
    const updated = await this.rows.updateEndpoint(id, changes);
    return updated ? this.view(updated) : null;
  }

  async remove(id: string): Promise<boolean> {
    return this.rows.deleteEndpoint(id);
  }

  /** A new secret (returned once); the current one keeps signing for `overlapSeconds`. */
  async rotate(id: string, overlapSeconds = DEFAULT_ROTATION_OVERLAP_SECONDS, now = new Date()): Promise<{ view: WebhookView; secret: string } | null> {
    const row = await this.rows.getEndpoint(id);
    if (!row) return null;
    const secret = newWebhookSecret();
    const current = this.secret(row);
    const overlap = Math.max(0, Math.min(overlapSeconds, MAX_ROTATION_OVERLAP_SECONDS));
    await this.rows.updateEndpoint(id, {
      secret_sealed: seal(this.key, secret, context(id, "secret")),
      previous_secret_sealed: overlap > 0 ? seal(this.key, current, context(id, "secret")) : null,
      previous_expires_at: overlap > 0 ? new Date(now.getTime() + overlap * 1000).toISOString() : null,
      key_id: this.key.id,
      updated_at: now.toISOString(),
    });
    return { view: (await this.get(id)) as WebhookView, secret };
  }

  /** The secrets a delivery is signed with now: the current one, then the previous one while it overlaps. */
  signingSecrets(row: EndpointRow, now = new Date()): string[] {
    const secrets = [this.secret(row)];
    if (row.previous_secret_sealed && row.previous_expires_at && Date.parse(row.previous_expires_at) > now.getTime()) {
      secrets.push(unseal(this.key, row.previous_secret_sealed, context(row.id, "secret"), `webhook ${row.id} previous secret`));
    }
    return secrets;
  }

  url(row: EndpointRow): string {
    return unseal(this.key, row.url_sealed, context(row.id, "url"), `webhook ${row.id} URL`);
  }

  private secret(row: EndpointRow): string {
    return unseal(this.key, row.secret_sealed, context(row.id, "secret"), `webhook ${row.id} secret`);
  }

  private async view(r: EndpointRow): Promise<WebhookView> {
    return webhookView(r, await this.rows.deliveryCounts(r.id));
  }
}
