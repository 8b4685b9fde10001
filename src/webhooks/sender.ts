// The webhook sender inside `rampart serve`: fans new events out to matching endpoints (a delivery row each,
// in the transaction that advances the cursor), then sends due deliveries — per endpoint and monitor one at
// a time and in event order — retrying with exponential backoff and jitter for about a day, honouring
// Retry-After, and dead-lettering what still fails. All state is in the store: a restart resumes exactly.
// Several senders may share one store (servers on one PostgreSQL): each claims due deliveries under a lease
// of its own, so no two send the same delivery at the same moment.
import { randomBytes } from "node:crypto";
import http from "node:http";
import https from "node:https";
import os from "node:os";
import type { Transporter } from "nodemailer";
import { oneLine } from "../core/errors.js";
import { VERSION } from "../core/version.js";
import type { RampartEvent } from "../monitor/events.js";
import { asRampartStore, pidAlive, type RampartStore, type ScanStore, type WebhookRepository } from "../store/index.js";
import type { DueDelivery, EndpointRow } from "../store/webhooks.js";
import type { Resolver } from "../server/target-guard.js";
import { endpointMatches, mailRecipients, type WebhookFormat, type WebhookService } from "./endpoints.js";
import { render } from "./formats.js";
import { httpSend, type AttemptResult } from "./http-send.js";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature.js";

export interface RetryPolicy {
  /** Delay after the first failure; doubles each time. */
  baseMs: number;
  /** Cap on one backoff delay. */
  maxDelayMs: number;
  /** A delivery still failing this long after it was queued is dead-lettered. */
  windowMs: number;
}

/** 10 s, 20 s, 40 s … capped at 2 h, for 24 h: about 20 attempts. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 10_000, maxDelayMs: 2 * 3600_000, windowMs: 24 * 3600_000 };

export interface MailSettings {
  transport: Transporter;
  from: string;
}

export interface SenderOptions {
  store: RampartStore | ScanStore;
  service: WebhookService;
  retry?: Partial<RetryPolicy>;
  /** Deadline of one attempt (default 10 s). */
  timeoutMs?: number;
  /** Deliveries in flight at once (default 8). */
  concurrency?: number;
  /** How often the outbox is read when nothing wakes the sender (default 1 s). */
  pollMs?: number;
  resolver?: Resolver;
  mail?: MailSettings | null;
  log?: (line: string) => void;
  /** How long a claimed delivery is this sender's (default: three attempt deadlines plus 30 s). */
  leaseMs?: number;
}

/** `host/pid/random`: which sender holds a delivery, and whether that process is still there. */
function senderIdentity(): string {
  return `${os.hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
}

/** A lease owner on this machine whose process has exited (a sender that crashed or was killed). */
export function ownerGone(owner: string): boolean {
  const parts = owner.split("/");
  if (parts.length < 3) return false;
  const pid = Number(parts[parts.length - 2]);
  const host = parts.slice(0, -2).join("/");
  return host === os.hostname() && Number.isInteger(pid) && pid !== process.pid && !pidAlive(pid);
}

/** Delay before attempt `attempts + 1`: exponential, capped, with equal jitter (half fixed, half random). */
export function backoffDelay(attempts: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.min(attempts, 30));
  return Math.round(exp / 2 + (exp / 2) * random());
}

export class WebhookSender {
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly rows: WebhookRepository;
  /** This sender's name on the leases it takes. */
  readonly owner = senderIdentity();
  private readonly inFlight = new Map<number, Promise<void>>();
  private readonly agents = { http: new http.Agent({ keepAlive: true, maxSockets: 16 }), https: new https.Agent({ keepAlive: true, maxSockets: 16 }) };
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking = false;
  private tickDone: Promise<void> = Promise.resolve();
  private again = false;

  constructor(private readonly opts: SenderOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.concurrency = Math.max(1, opts.concurrency ?? 8);
    this.pollMs = opts.pollMs ?? 1000;
    this.leaseMs = opts.leaseMs ?? this.timeoutMs * 3 + 30_000;
    this.rows = asRampartStore(opts.store).webhooks;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Deliveries a killed sender of this machine held go out again now, not when its lease runs out.
    void this.rows
      .releaseLeases(ownerGone)
      .catch((e: unknown) => this.opts.log?.(`rampart: webhooks: ${oneLine(e)}`))
      .finally(() => this.wake());
  }

  /** Read the outbox now (after events were appended, an endpoint changed or a delivery was requeued). */
  wake(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runTick(), 0);
  }

  private runTick(): void {
    this.tickDone = this.tick();
  }

  /** Stops taking new work and waits for attempts in flight (each ends within its timeout). */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.tickDone;
    await Promise.allSettled([...this.inFlight.values()]);
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** Pending deliveries and how many are in flight (for the bench and the dashboard). */
  stats(): { inFlight: number } {
    return { inFlight: this.inFlight.size };
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.running) return;
    this.ticking = true;
    let claimed = 0;
    try {
      // Fan out everything new first, so the due query sees every delivery in event order.
      while ((await this.rows.fanOut(endpointMatches, new Date())).events > 0) {
        /* next batch */
      }
      const free = this.concurrency - this.inFlight.size;
      if (free > 0 && this.running) {
        const due = await this.rows.claimDue(this.owner, Date.now(), free, this.leaseMs);
        claimed = due.length;
        for (const d of due) {
          const p = this.attempt(d).finally(() => {
            this.inFlight.delete(d.id);
            this.wake();
          });
          this.inFlight.set(d.id, p);
        }
      }
    } catch (e) {
      this.opts.log?.(`rampart: webhooks: ${oneLine(e)}`);
    } finally {
      this.ticking = false;
    }
    if (!this.running) return;
    if (this.again) {
      this.again = false;
      this.wake();
      return;
    }
    let next: number | null = null;
    try {
      next = await this.rows.nextDueAt();
    } catch (e) {
      this.opts.log?.(`rampart: webhooks: ${oneLine(e)}`);
    }
    if (!this.running || this.timer) return;
    // Due but nothing claimed: the due ones wait behind a delivery in flight (here or in another sender),
    // so look again after an attempt ends (which wakes this sender) or at the next poll, not at once.
    const blocked = next !== null && next <= Date.now() && claimed === 0;
    const wait = next === null || blocked ? this.pollMs : Math.min(this.pollMs, Math.max(0, next - Date.now()));
    this.timer = setTimeout(() => this.runTick(), wait);
  }

  private async attempt(d: DueDelivery): Promise<void> {
    const endpoint = await this.rows.getEndpoint(d.endpoint_id);
    if (!endpoint) return; // deleted meanwhile; its deliveries went with it
    let result: AttemptResult;
    try {
      const event = JSON.parse(d.body_json) as RampartEvent;
      result = await this.send(endpoint, event);
    } catch (e) {
      result = { ok: false, status: null, error: oneLine(e), retryAfterMs: null };
    }
    const at = new Date();
    if (result.ok) return this.rows.markDelivered(d.id, this.owner, { at, status: result.status, error: null });
    // A receiver's Retry-After wins over the backoff (a longer one only ends in the dead-letter list sooner).
    const delay = result.retryAfterMs !== null ? Math.min(this.retry.windowMs, result.retryAfterMs) : backoffDelay(d.attempts, this.retry);
    const nextAttemptAt = at.getTime() + delay;
    const dead = nextAttemptAt > d.window_start + this.retry.windowMs;
    await this.rows.markFailed(d.id, this.owner, { at, status: result.status, error: result.error, nextAttemptAt, dead });
    if (dead) this.opts.log?.(`rampart: webhooks: delivery ${d.id} of ${d.event_id} to ${endpoint.url_display} dead-lettered: ${result.error}`);
  }

  private async send(endpoint: EndpointRow, event: RampartEvent): Promise<AttemptResult> {
    const { service } = this.opts;
    const payload = render(event, endpoint.format as WebhookFormat);
    if (payload.kind === "mail") {
      const mail = this.opts.mail;
      if (!mail) return { ok: false, status: null, error: "no SMTP relay configured (RAMPART_SMTP_URL)", retryAfterMs: null };
      const to = mailRecipients(service.url(endpoint));
      const info = await mail.transport.sendMail({
        from: mail.from,
        to,
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        headers: { [EVENT_HEADER]: event.type, [DELIVERY_HEADER]: event.id },
      });
      const refused = info.rejected?.length ?? 0;
      if (refused > 0) return { ok: false, status: null, error: `SMTP relay refused ${refused} recipient(s)`, retryAfterMs: null };
      return { ok: true, status: 250, error: null, retryAfterMs: null };
    }
    const t = Math.floor(Date.now() / 1000);
    return httpSend({
      url: service.url(endpoint),
      headers: {
        "content-type": payload.contentType,
        "user-agent": `Rampart-Webhooks/${VERSION}`,
        [SIGNATURE_HEADER]: signatureHeader(service.signingSecrets(endpoint), t, payload.body),
        [EVENT_HEADER]: event.type,
        [DELIVERY_HEADER]: event.id,
      },
      body: payload.body,
      timeoutMs: this.timeoutMs,
      agents: this.agents,
      ...(this.opts.resolver ? { resolver: this.opts.resolver } : {}),
    });
  }
}

/** `rampart@<host>` unless RAMPART_SMTP_FROM says otherwise. */
export function defaultMailFrom(env: Record<string, string | undefined>): string {
  return env.RAMPART_SMTP_FROM?.trim() || `rampart@${os.hostname() || "localhost"}`;
}
