// Bad input never crashes, hangs or prints a stack trace: a one-line error (exit 2) or a partial report.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScanReport } from "../../src/core/types.js";
import { createDemoCertificates } from "../../src/demo/certs.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";
import { runCli } from "../helpers/cli.js";
import { closedPort } from "../helpers/net.js";
import { stressSpec } from "../helpers/stress-spec.js";

// Broken specs copied from the shared corpus into the repository; the stress document is generated.
const SPECS = fileURLToPath(new URL("../fixtures/specs/", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "rampart-bad-input-"));
const STRESS = join(scratch, "stress-10000-operations.json");
writeFileSync(STRESS, stressSpec());
const closers: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
afterAll(async () => {
  for (const c of closers) await c();
});

function expectOneLineError(r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^rampart: /);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

/** Closes a server and destroys its open sockets so afterAll never waits on a peer. */
function track(server: net.Server): void {
  const sockets = new Set<net.Socket>();
  server.on("connection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("secureConnection", (s: net.Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  closers.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
}

async function rawServer(onSocket: (s: net.Socket) => void): Promise<number> {
  const server = net.createServer(onSocket);
  track(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return (server.address() as net.AddressInfo).port;
}

async function serve(handler: Parameters<typeof startServer>[0]): Promise<RunningServer> {
  const s = await startServer(handler);
  closers.push(() => s.close());
  return s;
}

describe("bad input", () => {
  it("invalid URL", async () => {
    expectOneLineError(await runCli(["scan", "not a url", "--no-store"]), /invalid target URL/);
    expectOneLineError(await runCli(["scan", "ftp://127.0.0.1/", "--no-store"]), /only http/);
  });

  it("bad flag values", async () => {
    const r = await runCli(["scan", "http://127.0.0.1:1", "--threshold", "Z", "--no-store"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/threshold/);
  });

  it("unreachable host (closed port on loopback)", async () => {
    expectOneLineError(await runCli(["scan", `http://127.0.0.1:${await closedPort()}`, "--no-store"]), /cannot reach .*refused/i);
  });

  it("a non-HTTP service on the port", async () => {
    const port = await rawServer((s) => {
      s.write("SSH-2.0-OpenSSH_9.2\r\n");
      s.end();
    });
    expectOneLineError(await runCli(["scan", `http://127.0.0.1:${port}`, "--no-store"]), /cannot reach/);
  });

  it("a TLS port that talks garbage", async () => {
    const port = await rawServer((s) => {
      s.on("data", () => {
        s.write(Buffer.from("this is not tls at all\r\n"));
        s.end();
      });
    });
    expectOneLineError(await runCli(["scan", `https://127.0.0.1:${port}`, "--no-store"]), /cannot reach/);
  });

  it("a redirect loop", async () => {
    const s = await serve((req, res) => {
      res.writeHead(302, { location: req.url === "/a" ? "/b" : "/a" });
      res.end();
    });
    const r = await runCli(["scan", `${s.url}/a`, "--no-store", "--format", "json"], { timeoutMs: 60_000 });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (r.code === 2) expect(r.stderr.trim().split("\n")).toHaveLength(1);
    else expect((JSON.parse(r.stdout) as ScanReport).grade).toMatch(/[A-F]/);
  });

  it("a server that drips one byte per second ends at the timeout", async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const t = setInterval(() => res.write(" "), 1000);
      res.on("close", () => clearInterval(t));
    });
    const r = await runCli(["scan", s.url, "--timeout", "1500", "--no-store", "--format", "json"], { timeoutMs: 90_000 });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect([0, 2]).toContain(r.code);
    if (r.code === 2) expect(r.stderr).toMatch(/timed out|cannot reach/);
  });

  it("a 50 MB response is capped, not buffered whole", async () => {
    const chunk = Buffer.alloc(1024 * 1024, "a");
    const s = await serve((req, res) => {
      if (req.url !== "/") return json(res, 404, { detail: "Not Found" });
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(50 * chunk.length) });
      let sent = 0;
      const pump = () => {
        while (sent < 50) {
          sent++;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      pump();
    });
    const r = await runCli(["scan", s.url, "--no-store", "--format", "json"], { timeoutMs: 90_000 });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.requests.sent).toBeGreaterThan(0);
  });

  it("a spec that is neither JSON nor YAML", async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true }));
    expectOneLineError(await runCli(["scan", s.url, "--spec", `${SPECS}broken-not-json.json`, "--no-store"]), /broken-not-json\.json/);
    expectOneLineError(await runCli(["scan", s.url, "--spec", `${SPECS}broken-not-yaml.yaml`, "--no-store"]), /line 9/);
  });

  it("a spec with dangling and cyclic $refs", async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true }));
    expectOneLineError(await runCli(["scan", s.url, "--spec", `${SPECS}broken-dangling-ref.yaml`, "--no-store"]), /#\/components\/schemas\/Owner/);
    expectOneLineError(await runCli(["scan", s.url, "--spec", `${SPECS}broken-self-ref-loop.yaml`, "--no-store"]), /circular/i);
  });

  it("a 10,000-operation spec gives a partial report within the budget", async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true }, { "x-content-type-options": "nosniff" }));
    const r = await runCli(
      ["scan", s.url, "--spec", STRESS, "--budget", "300", "--rate", "5000", "--no-store", "--format", "json"],
      { timeoutMs: 120_000 },
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as ScanReport;
    expect(report.requests.sent).toBeLessThanOrEqual(300);
    expect(report.requests.incomplete).toMatch(/budget/);
  });
});

describe("TLS garbage peers used above are real TLS-less sockets", () => {
  let port = 0;
  beforeAll(async () => {
    const certs = await createDemoCertificates();
    const server = tls.createServer({ cert: certs.certPem, key: certs.keyPem }, (s) => s.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"));
    track(server);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as net.AddressInfo).port;
  });
  it("a plain HTTP request to a TLS port is a clear one-line error", async () => {
    expectOneLineError(await runCli(["scan", `http://127.0.0.1:${port}`, "--no-store"]), /cannot reach/);
  });
});
