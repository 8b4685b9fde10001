// Dashboard sessions: a browser signs in once with an API token and then holds only an HttpOnly,
// SameSite=Strict cookie (Secure and __Host- over TLS). State-changing requests must also carry the
// session's CSRF token in a header, which a cross-site page can neither read nor set. Failed sign-ins are
// rate-limited per client address. Sessions live in memory: a restart signs everyone out.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const CSRF_HEADER = "x-csrf-token";
const PLAIN_COOKIE = "rampart_session";
/** Over TLS the __Host- prefix makes browsers refuse the cookie unless Secure, Path=/ and host-only. */
const HOST_COOKIE = "__Host-rampart_session";

export const cookieName = (secure: boolean): string => (secure ? HOST_COOKIE : PLAIN_COOKIE);

export interface SessionOwner {
  tokenId: string;
  name: string;
  role: string;
}

export interface Session<O extends SessionOwner = SessionOwner> {
  owner: O;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
}

export interface SessionLimits {
  /** Signed out after this long without a request (default 8 h). */
  idleMs?: number;
  /** Signed out this long after sign-in whatever happens (default 24 h). */
  absoluteMs?: number;
  /** Sessions kept at most; the oldest go first (default 10,000). */
  maxSessions?: number;
  now?: () => number;
}

const digest = (id: string): string => createHash("sha256").update(id).digest("hex");
const randomToken = (): string => randomBytes(32).toString("base64url");

export class SessionStore<O extends SessionOwner = SessionOwner> {
  /** Keyed by a hash of the cookie value: the map alone does not let anyone sign in. */
  private readonly sessions = new Map<string, Session<O>>();
  private readonly idleMs: number;
  private readonly absoluteMs: number;
  private readonly maxSessions: number;
  private readonly now: () => number;

  constructor(limits: SessionLimits = {}) {
    this.idleMs = limits.idleMs ?? 8 * 3600_000;
    this.absoluteMs = limits.absoluteMs ?? 24 * 3600_000;
    this.maxSessions = limits.maxSessions ?? 10_000;
    this.now = limits.now ?? Date.now;
  }

  /** A new session; the returned id goes into the cookie and nowhere else. */
  create(owner: O): { id: string; session: Session<O> } {
    const id = randomToken();
    const at = this.now();
    const session: Session<O> = { owner, csrfToken: randomToken(), createdAt: at, lastSeenAt: at, expiresAt: at + this.absoluteMs };
    while (this.sessions.size >= this.maxSessions) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    this.sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session of a cookie value (its idle clock restarted), or null. */
  get(id: string | null | undefined): Session<O> | null {
    if (!id) return null;
    const key = digest(id);
    const s = this.sessions.get(key);
    if (!s) return null;
    const at = this.now();
    if (at >= s.expiresAt || at - s.lastSeenAt >= this.idleMs) {
      this.sessions.delete(key);
      return null;
    }
    s.lastSeenAt = at;
    return s;
  }

  destroy(id: string | null | undefined): void {
    if (id) this.sessions.delete(digest(id));
  }

  /** Ends every session opened with a token (it was revoked). */
  destroyForToken(tokenId: string): number {
    let n = 0;
    for (const [key, s] of this.sessions) {
      if (s.owner.tokenId === tokenId) {
        this.sessions.delete(key);
        n++;
      }
    }
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Seconds until a session made now expires absolutely (the cookie's Max-Age). */
  get maxAgeSeconds(): number {
    return Math.floor(this.absoluteMs / 1000);
  }
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(session: Pick<Session, "csrfToken">, header: string | string[] | undefined): boolean {
  if (typeof header !== "string" || header === "") return false;
  const a = Buffer.from(header);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of one cookie from a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1") || null;
  }
  return null;
}

/** Set-Cookie for a session (Max-Age 0 clears it). */
export function sessionCookie(id: string, opts: { secure: boolean; maxAgeSeconds: number }): string {
  const parts = [`${cookieName(opts.secure)}=${id}`, "Path=/", "HttpOnly", "SameSite=Strict", `Max-Age=${opts.maxAgeSeconds}`];
  if (opts.secure) parts.push("Secure");
  return parts.join("; ");
}

export const clearSessionCookie = (secure: boolean): string => sessionCookie("", { secure, maxAgeSeconds: 0 });

export interface SignInLimits {
  /** Failures allowed per address within the window (default 5). */
  maxFailures?: number;
  /** Window and lock-out length (default 15 min). */
  windowMs?: number;
  /** Addresses tracked at most (default 10,000; the oldest are forgotten). */
  maxAddresses?: number;
  now?: () => number;
}

/** Counts failed sign-ins per client address; past the limit, sign-in is refused until the window passes. */
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxAddresses: number;
  private readonly now: () => number;

  constructor(limits: SignInLimits = {}) {
    this.maxFailures = limits.maxFailures ?? 5;
    this.windowMs = limits.windowMs ?? 15 * 60_000;
    this.maxAddresses = limits.maxAddresses ?? 10_000;
    this.now = limits.now ?? Date.now;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds to wait before this address may try again, or 0 when it may try now. */
  retryAfterSeconds(key: string): number {
    const list = this.recent(key);
    if (list.length < this.maxFailures) return 0;
    const oldest = list[list.length - this.maxFailures] as number;
    return Math.max(1, Math.ceil((oldest + this.windowMs - this.now()) / 1000));
  }

  fail(key: string): void {
    const list = this.recent(key);
    list.push(this.now());
    this.failures.delete(key); // re-insert: the map's order is least recently failed first
    this.failures.set(key, list.slice(-this.maxFailures));
    while (this.failures.size > this.maxAddresses) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }
}
