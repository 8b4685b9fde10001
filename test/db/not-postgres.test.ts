// The database probe against peers that are not (well-behaved) PostgreSQL: each ends in a clear,
// finding-free error or a correct classification, never a crash or hang. Plus CockroachDB-shaped peers.
import { afterEach, describe, expect, it } from "vitest";
import { auditDb } from "../../src/db/audit.js";
import { freePort, selfSignedCert } from "../helpers/postgres.js";
import { cockroachLike, onPackets, pgMessage, startRawServer, type FakeServer } from "../helpers/pg-fake.js";

const OPTS = { timeoutMs: 1500 };
let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("peers that do not speak PostgreSQL", () => {
  it("an HTTP server", async () => {
    server = await startRawServer((s) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")));
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a).toMatchObject({ reachable: true, wire: "other" });
    expect(a.error).toMatch(/does not speak the PostgreSQL wire protocol \(answered "HTTP\/1\.1 400 Bad Request/);
  });

  it("a port that closes at once", async () => {
    server = await startRawServer((s) => s.destroy());
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a.wire).toBe("unknown");
    expect(a.error).toMatch(/closed the connection without answering|connection reset/);
  });

  it("a silent port times out", async () => {
    server = await startRawServer(() => undefined);
    const a = await auditDb("127.0.0.1", server.port, { timeoutMs: 300 });
    expect(a.error).toMatch(/timed out after 300 ms waiting for the answer to SSLRequest/);
  });

  it("a closed port is unreachable", async () => {
    const port = await freePort();
    const a = await auditDb("127.0.0.1", port, OPTS);
    expect(a).toMatchObject({ reachable: false, wire: "unknown" });
    expect(a.error).toMatch(/cannot connect to 127\.0\.0\.1:\d+: connection refused/);
  });

  it("a peer that answers N but then sends an oversized message", async () => {
    server = await startRawServer((s) =>
      onPackets(s, (p, sock) => {
        if (p.length === 8) return void sock.write("N");
        const bogus = Buffer.from([0x45, 0x7f, 0xff, 0xff, 0xff]);
        sock.write(bogus);
      }),
    );
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a.wire).toBe("postgresql");
    expect(a.plaintext).toMatchObject({ verdict: "not-postgres", reason: expect.stringMatching(/implausible message length/) });
    expect(a.notes.join(" ")).toMatch(/not PostgreSQL wire/);
  });

  it("a peer that truncates its answer", async () => {
    server = await startRawServer((s) =>
      onPackets(s, (p, sock) => {
        if (p.length === 8) return void sock.write("N");
        sock.end(pgMessage("R", Buffer.from([0, 0, 0, 10, 0x53])).subarray(0, 7));
      }),
    );
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a.plaintext?.verdict).toBe("not-postgres");
  });

  it("a peer that answers S but cannot do TLS", async () => {
    server = await startRawServer((s) => onPackets(s, (p, sock) => (p.length === 8 ? sock.write("Sgarbage-not-tls") : undefined)));
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a.sslRequest).toMatchObject({ answer: "S", trailingBytes: 15 });
    expect(a.tls).toBeNull();
    expect(a.notes.join(" ")).toMatch(/TLS handshake failed|unexpected byte/);
  });
});

describe("CockroachDB-shaped peers", () => {
  it("insecure mode: no TLS, a session without a password, product and version from crdb_version", async () => {
    server = await startRawServer(cockroachLike("insecure"));
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a.sslRequest?.answer).toBe("N");
    expect(a.plaintext).toMatchObject({ verdict: "accepted", rule: "auth-ok" });
    expect(a.plaintext?.parameters.crdb_version).toMatch(/^CockroachDB/);
    expect(a.product).toMatchObject({ name: "cockroachdb", version: "23.2.4" });
  });

  it("secure mode: TLS, plaintext refused with CockroachDB's error, product from the error shape", async () => {
    server = await startRawServer(cockroachLike("secure", selfSignedCert()));
    const a = await auditDb("127.0.0.1", server.port, OPTS);
    expect(a.sslRequest?.answer).toBe("S");
    expect(a.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(a.plaintext).toMatchObject({ verdict: "refused", rule: "cockroach-secure-mode" });
    expect(a.tlsStartup?.auth?.method).toBe("cleartext");
    expect(a.product.name).toBe("cockroachdb");
  });
});
