// Rate limit, concurrency cap and back-off on throttling. Time is virtual (fake clock): the tests prove
// that the client waits, and for how long in clock time, without measuring wall time.
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient, type RecordingHttpClient } from "../../src/http/client.js";
import { RateLimiter, Semaphore } from "../../src/http/limits.js";
import { backoffMs, parseRetryAfter } from "../../src/http/throttle.js";
import { json, startServer } from "../helpers/fixture-server.js";
import { config, fakeClock } from "./_support.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

async function server(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  const s = await startServer(handler);
  cleanup.push(() => s.close());
  return s;
}

function client(...args: Parameters<typeof createHttpClient>): RecordingHttpClient {
  const c = createHttpClient(...args);
  cleanup.push(() => c.close());
  return c;
}

describe("RateLimiter", () => {
  it("spaces requests 1/rate s apart from the start: no burst of a second's worth first", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(4, clock);
    const granted: number[] = [];
    await Promise.all(Array.from({ length: 10 }, () => limiter.take().then(() => granted.push(clock.now()))));
    expect(granted[0]).toBe(0);
    for (let i = 1; i < 10; i++) expect(granted[i]! - granted[i - 1]!).toBeGreaterThanOrEqual(249);
    expect(clock.now()).toBeLessThan(9 * 250 + 10);
  });

  it.each([5, 20, 50, 400])("--rate %i lets at most that many through in the first second, and in any second", async (rate) => {
    const clock = fakeClock();
    const limiter = new RateLimiter(rate, clock);
    const granted: number[] = [];
    await Promise.all(Array.from({ length: rate * 3 }, () => limiter.take().then(() => granted.push(clock.now()))));
    expect(granted.filter((t) => t < 1000).length).toBeLessThanOrEqual(rate);
    for (const start of granted) expect(granted.filter((t) => t >= start && t < start + 1000).length).toBeLessThanOrEqual(rate + 1);
  });

  it("holds everyone while paused", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(100, clock);
    limiter.pauseFor(3000);
    await limiter.take();
    expect(clock.now()).toBeGreaterThanOrEqual(3000);
  });

  it("does not limit when the rate is not a positive number", async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(0, clock);
    await Promise.all(Array.from({ length: 50 }, () => limiter.take()));
    expect(clock.sleeps).toEqual([]);
  });
});

describe("Semaphore", () => {
  it("never lets more than the limit run", async () => {
    const sem = new Semaphore(2);
    let active = 0;
    let max = 0;
    let done = 0;
    const releases: (() => void)[] = [];
    const jobs = Array.from({ length: 6 }, () =>
      sem.run(async () => {
        active++;
        max = Math.max(max, active);
        await new Promise<void>((r) => releases.push(r));
        active--;
        done++;
      }),
    );
    while (done < 6) {
      await new Promise((r) => setImmediate(r));
      releases.shift()?.();
    }
    await Promise.all(jobs);
    expect(max).toBe(2);
  });
});

describe("client rate limit and concurrency", () => {
  it("spaces requests at the configured rate (in clock time) across all views", async () => {
    const clock = fakeClock();
    const arrivals: number[] = [];
    const s = await server((_req, res) => {
      arrivals.push(clock.now());
      json(res, 200, {});
    });
    const c = client(config(s.url, { ratePerSecond: 5, concurrency: 10, clock }));
    const a = c.withSource("check.a");
    const b = c.withSource("check.b");
    await Promise.all(Array.from({ length: 15 }, (_, i) => (i % 2 ? a : b).send({ url: `/r/${i}` })));
    arrivals.sort((x, y) => x - y);
    expect(arrivals).toHaveLength(15);
    // No initial burst: the n-th request cannot arrive before n × 200 ms.
    for (let i = 1; i < 15; i++) expect(arrivals[i]).toBeGreaterThanOrEqual(i * 200);
    const waited = clock.sleeps.reduce((a, b) => a + b, 0);
    expect(waited).toBeGreaterThanOrEqual(14 * 200);
    expect(waited).toBeLessThan(14 * 200 + 100);
  });

  it("keeps at most `concurrency` requests in flight, as the server sees it", async () => {
    const cap = 3;
    let inFlight = 0;
    let max = 0;
    const held: http.ServerResponse[] = [];
    const s = await server((_req, res) => {
      inFlight++;
      max = Math.max(max, inFlight);
      held.push(res);
      if (held.length === cap) {
        // Give an over-eager client the chance to send a fourth before releasing the batch.
        setTimeout(() => {
          for (const r of held.splice(0)) {
            inFlight--;
            json(r, 200, {});
          }
        }, 50);
      }
    });
    const c = client(config(s.url, { concurrency: cap }));
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => c.withSource(`c${i % 4}`).send({ url: `/x/${i}` })));
    expect(results.every((r) => r.response?.status === 200)).toBe(true);
    expect(max).toBe(cap);
  });
});

describe("throttling", () => {
  it("honours Retry-After, retries, and counts the throttled responses", async () => {
    const clock = fakeClock();
    let calls = 0;
    const s = await server((_req, res) => {
      calls++;
      if (calls <= 2) json(res, 429, { error: "slow down" }, { "retry-after": "2" });
      else json(res, 200, { ok: true });
    });
    const c = client(config(s.url, { clock }));
    const ex = await c.send({ url: "/limited" });
    expect(ex.response?.status).toBe(200);
    expect(calls).toBe(3);
    expect(clock.sleeps.filter((ms) => ms >= 1000)).toEqual([2000, 2000]);
    expect(c.stats()).toMatchObject({ sent: 3, throttled: 2, incomplete: null });
  });

  it("caps a long Retry-After, backs off exponentially without one, and records when it gives up", async () => {
    const clock = fakeClock();
    const s = await server((req, res) => {
      if (req.url === "/long") json(res, 429, {}, { "retry-after": "3600" });
      else if (req.url === "/bare") json(res, 429, {});
      else if (req.url === "/unavailable") json(res, 503, {});
      else json(res, 503, {}, { "retry-after": "1" });
    });
    const c = client(config(s.url, { clock, maxBackoffMs: 5000 }));
    // Asked for an hour: a retry after the 5 s cap would be refused again, so the answer is kept at once.
    const long = await c.send({ url: "/long" });
    expect(long.response?.status).toBe(429);
    expect(c.stats().sent).toBe(1);
    expect(clock.sleeps.filter((ms) => ms >= 500)).toEqual([]);
    await c.send({ url: "/bare" });
    expect(clock.sleeps.filter((ms) => ms >= 500)).toEqual([500, 1000]);
    const before = c.stats().sent;
    await c.send({ url: "/unavailable" }); // a 503 without Retry-After is an answer, not a throttle
    expect(c.stats().sent).toBe(before + 1);
    await c.send({ url: "/maintenance" });
    const stats = c.stats();
    expect(stats.sent).toBe(before + 4);
    expect(stats.throttled).toBe(7);
    expect(stats.incomplete).toBe(
      "target throttled the scan: 2 request(s) still got 429/503 after 2 retries; 1 request(s) were asked to wait up to 3600 s (Retry-After), longer than the 5 s a scan waits, and were not retried",
    );
  });

  it("stops backing off once the scan's allowance is spent: a target that throttles everything cannot hold a scan", async () => {
    const clock = fakeClock();
    let calls = 0;
    const s = await server((_req, res) => {
      calls++;
      json(res, 429, {}, { "retry-after": "4" });
    });
    const c = client(config(s.url, { clock, maxBackoffMs: 5000, throttleAllowanceMs: 20_000 }));
    for (let i = 0; i < 6; i++) expect((await c.send({ url: `/login/${i}` })).response?.status).toBe(429);
    // 4 s per retry, 2 retries per request: two requests spend 16 s, the third gets one more 4 s wait (20 s), then none.
    expect(clock.sleeps.filter((ms) => ms >= 1000)).toEqual([4000, 4000, 4000, 4000, 4000]);
    expect(calls).toBe(3 + 3 + 2 + 1 + 1 + 1);
    expect(c.stats().incomplete).toBe(
      "target throttled the scan: 2 request(s) still got 429/503 after 2 retries; 4 request(s) were not retried once the scan had spent 20 s of its 20 s back-off allowance",
    );
  });

  it("returns the throttled answer when the budget runs out during back-off", async () => {
    const clock = fakeClock();
    const s = await server((_req, res) => json(res, 429, {}, { "retry-after": "1" }));
    const c = client(config(s.url, { clock, budget: 2 }));
    const ex = await c.send({ url: "/limited" });
    expect(ex.response?.status).toBe(429);
    expect(c.stats()).toMatchObject({ sent: 2, throttled: 2 });
    expect(c.stats().incomplete).toContain("target throttled the scan: 1 request(s)");
  });

  it("lets a rate-limit probe see the 429 itself", async () => {
    const clock = fakeClock();
    let calls = 0;
    const s = await server((_req, res) => {
      calls++;
      json(res, 429, {}, { "retry-after": "1" });
    });
    const c = client(config(s.url, { clock }));
    const ex = await c.send({ url: "/burst", retryThrottled: false });
    expect(ex.response?.status).toBe(429);
    expect(calls).toBe(1);
    expect(c.stats()).toMatchObject({ throttled: 0, incomplete: null });
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("7", 0)).toBe(7000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter("soon", 0)).toBeNull();
    expect(backoffMs({}, 2, 0)).toBe(2000);
    expect(backoffMs({ "retry-after": "1" }, 0, 0)).toBe(1000);
  });
});
