// Keeps the logged-in identities logged in: one login before the scan, a renewal shortly before a token's
// expiry, and at most one renewal per token on an unexpected 401. Renewals are single-flight (concurrent
// requests share one), and a 401 that a fresh token does not cure marks the endpoint as refusing the
// identity, so an endpoint that is simply forbidden never causes a login storm.
import type { Credential, Identity } from "../core/types.js";
import { LoginError, performLogin, refreshLogin, type LoginResult, type LoginSend, type ResolvedLogin } from "./login-flow.js";

/** Renew this long before expiry at most, and never later than a quarter of the token's lifetime before it. */
const MAX_MARGIN_MS = 30_000;
/** A token younger than this is not renewed on a 401: the 401 is the endpoint's answer, not expiry. */
const MIN_AGE_FOR_401_MS = 1_000;
/** After this many 401 renewals that did not help, stop renewing on 401 (expiry-based renewal goes on). */
const MAX_USELESS_401_RENEWALS = 3;

interface Session {
  login: ResolvedLogin;
  identity: Identity;
  generation: number;
  credential: Credential | null;
  obtainedAt: number;
  renewAt: number | null;
  refreshToken: string | null;
  pending: Promise<void> | null;
  /** `METHOD path` answered 401 even with a fresh token. */
  refused: Set<string>;
  useless401: number;
  failed: string | null;
}

export interface SessionStats {
  logins: number;
  renewals: number;
  renewalsAfter401: number;
  refreshes: number;
}

export interface SessionHost {
  /** The scan's identities; a login identity's credential is replaced in place on renewal. */
  identities: Identity[];
  baseUrl: string;
  send: LoginSend;
  now?: () => number;
}

export class Sessions {
  private readonly byLabel = new Map<string, Session>();
  private readonly now: () => number;
  private readonly counts: SessionStats = { logins: 0, renewals: 0, renewalsAfter401: 0, refreshes: 0 };
  private readonly problems: string[] = [];

  constructor(logins: readonly ResolvedLogin[], private readonly host: SessionHost) {
    this.now = host.now ?? Date.now;
    for (const login of logins) {
      let identity = host.identities.find((i) => i.label === login.label);
      if (!identity) {
        identity = { label: login.label, credentials: [] };
        host.identities.push(identity);
      }
      this.byLabel.set(login.label, {
        login,
        identity,
        generation: 0,
        credential: null,
        obtainedAt: 0,
        renewAt: null,
        refreshToken: null,
        pending: null,
        refused: new Set(),
        useless401: 0,
        failed: null,
      });
    }
  }

  has(label: string | null | undefined): boolean {
    return !!label && this.byLabel.has(label);
  }

  /** Logs every identity in, one after another; the first failure throws a LoginError naming it. */
  async loginAll(): Promise<void> {
    for (const s of this.byLabel.values()) {
      const result = await performLogin(s.login, this.host.baseUrl, this.host.send, this.now);
      this.counts.logins++;
      this.apply(s, result);
    }
  }

  /** Renews a token about to expire; returns the generation of the credentials to send. */
  async fresh(label: string): Promise<number> {
    const s = this.byLabel.get(label);
    if (!s) return 0;
    if (s.pending) await s.pending;
    else if (!s.failed && s.renewAt !== null && this.now() >= s.renewAt) await this.renew(s, "expiry");
    return s.generation;
  }

  /**
   * A request sent with `generation` got a 401. True when it should be sent once more with the current
   * credentials (a newer token exists, or one renewal was just made); false when the 401 stands.
   */
  async after401(label: string, generation: number, endpoint: string): Promise<boolean> {
    const s = this.byLabel.get(label);
    if (!s || !s.credential || s.failed || s.refused.has(endpoint)) return false;
    if (generation < s.generation) return true; // someone already renewed: just resend
    if (s.pending) {
      await s.pending;
      return s.generation > generation;
    }
    if (s.useless401 >= MAX_USELESS_401_RENEWALS || this.now() - s.obtainedAt < MIN_AGE_FOR_401_MS) return false;
    await this.renew(s, "401");
    return s.generation > generation;
  }

  /** The outcome of the resend after a 401: a second 401 means the endpoint refuses this identity. */
  noteResend(label: string, endpoint: string, status: number | null): void {
    const s = this.byLabel.get(label);
    if (!s) return;
    if (status === 401) {
      s.refused.add(endpoint);
      s.useless401++;
    } else if (status !== null) s.useless401 = 0;
  }

  stats(): SessionStats {
    return { ...this.counts };
  }

  /** Renewals that failed during the scan (the scan went on with the last token). */
  errors(): readonly string[] {
    return this.problems;
  }

  private renew(s: Session, why: "expiry" | "401"): Promise<void> {
    s.pending ??= (async () => {
      try {
        let result: LoginResult | null = null;
        if (s.refreshToken) {
          try {
            result = await refreshLogin(s.login, s.refreshToken, this.host.baseUrl, this.host.send, this.now);
            this.counts.refreshes++;
          } catch {
            result = null; // refresh token refused or expired: log in again
          }
        }
        if (!result) {
          result = await performLogin(s.login, this.host.baseUrl, this.host.send, this.now);
          this.counts.logins++;
        }
        this.counts.renewals++;
        if (why === "401") this.counts.renewalsAfter401++;
        this.apply(s, result);
      } catch (e) {
        // A budget or abort error ends the renewal without condemning the session; a login error does.
        if (e instanceof LoginError) {
          s.failed = e.message;
          this.problems.push(`${e.message}; the rest of the scan used the last token of "${s.login.label}"`);
        } else throw e;
      } finally {
        s.pending = null;
      }
    })();
    return s.pending;
  }

  private apply(s: Session, result: LoginResult): void {
    const now = this.now();
    const creds = s.identity.credentials;
    const slot = (c: Credential) => (c.kind === "bearer" || c.kind === "basic" ? "authorization" : `${c.kind}:${c.name.toLowerCase()}`);
    const index = creds.findIndex((c) => c === s.credential || slot(c) === slot(result.credential));
    if (index >= 0) creds[index] = result.credential;
    else creds.push(result.credential);
    s.credential = result.credential;
    s.generation++;
    s.obtainedAt = now;
    s.refreshToken = result.refreshToken;
    s.renewAt = null;
    if (result.expiresAt !== null && result.expiresAt > now) {
      const margin = Math.min(MAX_MARGIN_MS, (result.expiresAt - now) / 4);
      s.renewAt = result.expiresAt - margin;
    }
  }
}
