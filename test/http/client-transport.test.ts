// Hostile and broken servers: huge bodies, drip-feeding, garbage, TLS garbage, closed ports.
// Each must end as a recorded exchange with a clear error, never a hang or a throw.
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpClient, type RecordingHttpClient } from "../../src/http/client.js";
import { startServer } from "../helpers/fixture-server.js";
import { closedPort, config, rawServer } from "./_support.js";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()?.();
});

function client(...args: Parameters<typeof createHttpClient>): RecordingHttpClient {
  const c = createHttpClient(...args);
  cleanup.push(() => c.close());
  return c;
}

const MB = 1024 * 1024;

/** Streams `total` bytes with back-pressure and reports how many it managed to write. */
function streamingServer(total: number, declareLength: boolean) {
  const state = { written: 0, closed: false };
  const handler = (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "text/plain", ...(declareLength ? { "content-length": String(total) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, "a");
    res.on("close", () => (state.closed = true));
    const pump = () => {
      while (state.written < total && !res.destroyed) {
        state.written += chunk.length;
        if (!res.write(chunk)) return void res.once("drain", pump);
      }
      if (!res.destroyed) res.end();
    };
    pump();
  };
  return { state, handler };
}

describe("response bodies", () => {
  it("stops reading a 50 MB response at the cap and keeps its declared size", async () => {
    const total = 50 * MB;
    const big = streamingServer(total, true);
    const s = await startServer(big.handler);
    cleanup.push(() => s.close());
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const heapBefore = used();
    const ex = await client(config(s.url, { maxBodyBytes: MB })).send({ url: "/dump" });
    const heapGrowth = used() - heapBefore;
    expect(ex.error).toBeNull();
    expect(ex.response?.truncated).toBe(true);
    expect(ex.response?.body.length).toBe(MB);
    expect(ex.response?.size).toBe(total);
    await new Promise((r) => setTimeout(r, 50));
    expect(big.state.closed).toBe(true);
    expect(big.state.written).toBeLessThan(total); // the client hung up; the server never got to send it all
    expect(heapGrowth).toBeLessThan(20 * MB); // measured: ~4 MB
  });

  it("counts the bytes seen when there is no Content-Length", async () => {
    const big = streamingServer(50 * MB, false);
    const s = await startServer(big.handler);
    cleanup.push(() => s.close());
    const ex = await client(config(s.url, { maxBodyBytes: 256 * 1024 })).send({ url: "/stream" });
    expect(ex.response?.truncated).toBe(true);
    expect(ex.response?.body.length).toBe(256 * 1024);
    expect(ex.response?.size).toBeGreaterThanOrEqual(256 * 1024);
    expect(ex.response?.size).toBeLessThan(50 * MB);
  });

  it("decodes invalid UTF-8 lossily and reports HEAD without a body as complete", async () => {
    const s = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": "4" });
      res.end(Buffer.from([0x61, 0xff, 0xfe, 0x62]));
    });
    cleanup.push(() => s.close());
    const c = client(config(s.url));
    const ex = await c.send({ url: "/" });
    expect(ex.response?.body).toBe("a\ufffd\ufffdb");
    const head = await c.send({ method: "HEAD", url: "/" });
    expect(head.response?.truncated).toBe(false);
    expect(head.response?.body).toBe("");
  });
});

describe("deadlines", () => {
  it("ends a body dripped one byte per second at the deadline with what arrived", async () => {
    const timers: NodeJS.Timeout[] = [];
    const s = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": "100" });
      res.write("x");
      timers.push(setInterval(() => !res.destroyed && res.write("x"), 1000));
    });
    cleanup.push(async () => {
      timers.forEach(clearInterval);
      await s.close();
    });
    const ex = await client(config(s.url, { timeoutMs: 1500 })).send({ url: "/drip" });
    expect(ex.error).toBe("timed out after 1500 ms while reading the body");
    expect(ex.response?.status).toBe(200);
    expect(ex.response?.truncated).toBe(true);
    expect(ex.response?.body.length).toBeGreaterThanOrEqual(1);
    expect(ex.response?.body.length).toBeLessThan(100);
  });

  it("ends a server that dribbles its headers, and one that never answers", async () => {
    const timers: NodeJS.Timeout[] = [];
    const dribble = await rawServer((sock) => {
      sock.once("data", () => {
        sock.write("HTTP/1.1 200 OK\r\n");
        timers.push(setInterval(() => !sock.destroyed && sock.write("X-Slow: 1\r\n"), 300));
      });
    });
    const silent = await rawServer(() => undefined);
    cleanup.push(async () => {
      timers.forEach(clearInterval);
      await dribble.close();
      await silent.close();
    });
    const c = client(config(`http://127.0.0.1:${dribble.port}`, { timeoutMs: 1000 }));
    const a = await c.send({ url: "/" });
    expect(a).toMatchObject({ response: null, error: "timed out after 1000 ms" });
    const b = await c.send({ url: `http://127.0.0.1:${silent.port}/`, timeoutMs: 800 });
    expect(b).toMatchObject({ response: null, error: "timed out after 800 ms" });
    expect(c.stats().errors).toBe(2);
  });
});

describe("broken servers", () => {
  it("records garbage, TLS garbage, a closed port and a hang-up as errors", async () => {
    const garbage = await rawServer((sock) => {
      sock.once("data", () => sock.end("SSH-2.0-OpenSSH_9.6\r\nthis is not http\r\n\r\n"));
    });
    const hangup = await rawServer((sock) => sock.once("data", () => sock.destroy()));
    cleanup.push(() => garbage.close(), () => hangup.close());
    const closed = await closedPort();
    const c = client(config(`http://127.0.0.1:${garbage.port}`));
    const results = {
      garbage: await c.send({ url: "/" }),
      tls: await c.send({ url: `https://127.0.0.1:${garbage.port}/` }),
      closed: await c.send({ url: `http://127.0.0.1:${closed}/` }),
      hangup: await c.send({ url: `http://127.0.0.1:${hangup.port}/` }),
    };
    expect(results.garbage.error).toBe("not an HTTP server (invalid response)");
    expect(results.tls.error).toMatch(/^TLS handshake failed: \S/);
    expect(results.closed.error).toBe("connection refused");
    expect(results.hangup.error).toBe("connection closed by the server before a complete response");
    for (const ex of Object.values(results)) {
      expect(ex.response).toBeNull();
      expect(ex.error?.length).toBeLessThan(120);
    }
    // `sent` counts requests that reached a server: the garbage and hang-up servers read theirs; the
    // refused connection and the failed TLS handshake never carried one.
    expect(c.stats()).toMatchObject({ sent: 2, errors: 4 });
  });

  it("records an abort as such, and refuses to start once the scan is aborted", async () => {
    const silent = await rawServer(() => undefined);
    cleanup.push(() => silent.close());
    const controller = new AbortController();
    const c = client(config(`http://127.0.0.1:${silent.port}`, { signal: controller.signal }));
    const pending = c.send({ url: "/" });
    setTimeout(() => controller.abort(), 100);
    expect((await pending).error).toBe("aborted");
    await expect(c.send({ url: "/" })).rejects.toThrow();
  });
});

describe("response headers", () => {
  it("records names lower-cased, repeats joined by a newline, after any informational answer, without touching the record's prototype", async () => {
    const s = await rawServer((sock) => {
      sock.once("data", () => {
        sock.end(
          "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n" +
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\n" +
            "X-Odd-Value: caf\xe9\r\n__proto__: polluted\r\nConstructor: c\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
          "latin1",
        );
      });
    });
    cleanup.push(() => s.close());
    const ex = await client(config(`http://127.0.0.1:${s.port}`)).send({ url: "/h" });
    expect(ex.error).toBeNull();
    const headers = ex.response!.headers;
    expect(ex.response?.status).toBe(200);
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["set-cookie"]).toBe("a=1\nb=2");
    expect(headers["x-odd-value"]).toBe("caf\xe9"); // bytes read as latin1, as undici reads them
    expect(headers["constructor"]).toBe("c");
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.hasOwn(headers, "__proto__")).toBe(false);
    expect(headers["link"]).toBeUndefined(); // the 103's headers are not the answer's
    expect(ex.response?.body).toBe("{}");
  });
});
