// Dashboard session primitives: cookie attributes, expiry, CSRF comparison and the sign-in limiter.
import { describe, expect, it } from "vitest";
import { clearSessionCookie, cookieName, csrfMatches, readCookie, sessionCookie, SessionStore, SignInLimiter } from "../../src/server/session.js";

const owner = { tokenId: "t1", name: "ops", role: "operator" };

describe("SessionStore", () => {
  it("creates unguessable sessions and finds them by cookie value only", () => {
    const store = new SessionStore();
    const a = store.create(owner);
    const b = store.create(owner);
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.session.csrfToken).not.toBe(a.id);
    expect(store.get(a.id)?.owner).toEqual(owner);
    expect(store.get(`${a.id}x`)).toBeNull();
    expect(store.get(null)).toBeNull();
  });

  it("expires after idle time and after the absolute lifetime, and ends with its token", () => {
    let now = 0;
    const store = new SessionStore({ idleMs: 1000, absoluteMs: 5000, now: () => now });
    const a = store.create(owner);
    now = 900;
    expect(store.get(a.id)).not.toBeNull(); // restarts the idle clock
    now = 1800;
    expect(store.get(a.id)).not.toBeNull();
    now = 2900;
    expect(store.get(a.id)).toBeNull(); // idle > 1000
    const b = store.create(owner);
    for (now = 3000; now < 8000; now += 900) store.get(b.id);
    expect(store.get(b.id)).toBeNull(); // absolute
    const c = store.create({ ...owner, tokenId: "t2" });
    store.create({ ...owner, tokenId: "t2" });
    expect(store.destroyForToken("t2")).toBe(2);
    expect(store.get(c.id)).toBeNull();
  });

  it("keeps at most maxSessions, dropping the oldest", () => {
    const store = new SessionStore({ maxSessions: 2 });
    const first = store.create(owner);
    store.create(owner);
    store.create(owner);
    expect(store.size).toBe(2);
    expect(store.get(first.id)).toBeNull();
  });
});

describe("cookies and CSRF", () => {
  it("sets HttpOnly, SameSite=Strict, Path=/ always; Secure and the __Host- prefix over TLS", () => {
    expect(sessionCookie("abc", { secure: false, maxAgeSeconds: 60 })).toBe("rampart_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60");
    expect(sessionCookie("abc", { secure: true, maxAgeSeconds: 60 })).toBe("__Host-rampart_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure");
    expect(clearSessionCookie(false)).toContain("Max-Age=0");
    expect(cookieName(true)).toBe("__Host-rampart_session");
  });

  it("reads one cookie from a Cookie header", () => {
    expect(readCookie("a=1; rampart_session=xyz; b=2", "rampart_session")).toBe("xyz");
    expect(readCookie("rampart_session_x=1", "rampart_session")).toBeNull();
    expect(readCookie(undefined, "rampart_session")).toBeNull();
    expect(readCookie("rampart_session=", "rampart_session")).toBeNull();
  });

  it("matches the CSRF header exactly", () => {
    const s = { csrfToken: "tok-123" };
    expect(csrfMatches(s, "tok-123")).toBe(true);
    expect(csrfMatches(s, "tok-124")).toBe(false);
    expect(csrfMatches(s, "tok-1234")).toBe(false);
    expect(csrfMatches(s, undefined)).toBe(false);
    expect(csrfMatches(s, "")).toBe(false);
    expect(csrfMatches(s, ["tok-123"])).toBe(false);
  });
});

describe("SignInLimiter", () => {
  it("locks an address out after 5 failures for the rest of the window, others unaffected", () => {
    let now = 0;
    const limiter = new SignInLimiter({ maxFailures: 5, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 4; i++) limiter.fail("10.0.0.1");
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
    now = 10_000;
    limiter.fail("10.0.0.1");
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(50);
    expect(limiter.retryAfterSeconds("10.0.0.2")).toBe(0);
    now = 60_001;
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0); // the first four fell out of the window
    limiter.succeed("10.0.0.1");
    expect(limiter.retryAfterSeconds("10.0.0.1")).toBe(0);
  });

  it("bounds the addresses it remembers", () => {
    const limiter = new SignInLimiter({ maxFailures: 1, maxAddresses: 3 });
    for (const ip of ["a", "b", "c", "d"]) limiter.fail(ip);
    expect(limiter.retryAfterSeconds("a")).toBe(0);
    expect(limiter.retryAfterSeconds("d")).toBeGreaterThan(0);
  });
});
