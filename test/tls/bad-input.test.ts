// Ports that do not speak TLS, or speak it badly: every case ends in a clear one-line error and no
// finding — never an exception, never a hang (short timeouts keep the slow cases bounded).
import type net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { auditTls } from "../../src/tls/audit.js";
import { certificateFindings, tlsFindings } from "../../src/tls/findings.js";
import type { TlsAudit } from "../../src/tls/types.js";
import { closedPort, readHello, record, startRaw, startScriptedTls, startTls, type Listener } from "./helpers/servers.js";
import { issue } from "./helpers/pki.js";

const listeners: Listener[] = [];
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
});

async function raw(onConnection: (s: net.Socket) => void): Promise<number> {
  const l = await startRaw(onConnection);
  listeners.push(l);
  return l.port;
}

/** Answers every hello with `bytes` (after reading it), then closes unless `hold`. */
const answering = (bytes: Buffer, hold = false) =>
  raw(async (s) => {
    await readHello(s);
    if (hold) s.write(bytes);
    else s.end(bytes);
  });

async function audit(port: number, timeoutMs = 1500): Promise<TlsAudit> {
  const a = await auditTls("127.0.0.1", port, { timeoutMs });
  expect(tlsFindings(a, { host: "127.0.0.1", port })).toEqual([]);
  return a;
}

describe("not TLS at all", () => {
  it("a closed port", async () => {
    const port = await closedPort();
    const a = await audit(port);
    expect(a.ok).toBe(false);
    expect(a.error).toBe(`127.0.0.1:${port}: connection refused by 127.0.0.1:${port}`);
  });

  it("a port that closes at once", async () => {
    const a = await audit(await raw((s) => s.destroy()));
    expect(a.error).toMatch(/the connection closes without answering any SSL\/TLS hello$/);
  });

  it("an HTTP server", async () => {
    const a = await audit(await raw((s) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"))));
    expect(a.error).toMatch(/answers HTTP, not TLS \("HTTP\/1.1 400 Bad Request"\)$/);
  });

  it("a banner-first plaintext service", async () => {
    const a = await audit(await raw((s) => s.write("SSH-2.0-OpenSSH_9.2\r\n")));
    expect(a.error).toMatch(/answers plaintext, not TLS \("SSH-2.0-OpenSSH_9.2"\)$/);
  });

  it("binary garbage, including bytes that look like an SSLv2 header", async () => {
    const a = await audit(await answering(Buffer.from("00ff13370102030405060708", "hex")));
    expect(a.error).toMatch(/not a TLS answer \(first bytes 00ff1337/);
    const b = await audit(await answering(Buffer.from("8006ffffffffffff", "hex")));
    expect(b.error).toMatch(/not a TLS answer/);
  });

  it("an aborted audit stops without probing further", async () => {
    const port = await raw(() => undefined);
    const controller = new AbortController();
    controller.abort();
    const a = await auditTls("127.0.0.1", port, { timeoutMs: 60_000, signal: controller.signal });
    expect(a.error).toBe(`127.0.0.1:${port}: aborted`);
  });

  it("a silent server times out within the per-connection timeout", async () => {
    const a = await audit(await raw(() => undefined), 300);
    expect(a.error).toMatch(/no answer within 300 ms$/);
  });
});

describe("broken TLS", () => {
  it("a truncated handshake record, then close", async () => {
    const a = await audit(await answering(Buffer.concat([Buffer.from("1603030050", "hex"), Buffer.alloc(10, 2)])));
    expect(a.error).toMatch(/truncated record \(15 bytes of an incomplete record\); connection closed$/);
  });

  it("a truncated handshake record, then silence", async () => {
    const a = await audit(await answering(Buffer.from("16030300500200", "hex"), true), 300);
    expect(a.error).toMatch(/truncated record .*no more data within 300 ms$/);
  });

  it("an oversized record", async () => {
    const a = await audit(await answering(Buffer.concat([Buffer.from("160303ffff", "hex"), Buffer.alloc(64)]), true));
    expect(a.error).toMatch(/oversized TLS record \(65535 bytes, limit 18432\)$/);
  });

  it("an oversized handshake message", async () => {
    const a = await audit(await answering(record(22, 0x0303, Buffer.from("02ffffff0303", "hex")), true));
    expect(a.error).toMatch(/oversized handshake message \(16777215 bytes\)$/);
  });

  it("a handshake message out of order", async () => {
    const a = await audit(await answering(record(22, 0x0303, Buffer.from("0e000000", "hex"))));
    expect(a.error).toMatch(/handshake message type 14 before ServerHello$/);
  });

  it("a certificate that does not parse: the audit goes on, the certificate is an error, not a finding", async () => {
    const l = await startScriptedTls(0x0303, [0xc02f], Buffer.from("this is not a DER certificate"));
    listeners.push(l);
    const a = await auditTls("127.0.0.1", l.port, { timeoutMs: 1500 });
    expect(certificateFindings(a.certificate, { host: "127.0.0.1", port: l.port })).toEqual([]);
    expect(a.ok).toBe(true);
    expect(a.protocols.filter((p) => p.supported).map((p) => p.name)).toEqual(["TLSv1.2"]);
    expect(a.certificate).toBeNull();
    expect(a.errors).toContainEqual(expect.stringMatching(/^certificate: certificate #1 does not parse/));
  });

  it("an unparsable --ca is reported, the audit still runs", async () => {
    const leaf = await issue({ cn: "localhost", ip: ["127.0.0.1"] });
    const l = await startTls({ key: leaf.keyPem, cert: leaf.certPem });
    listeners.push(l);
    const a = await auditTls("127.0.0.1", l.port, { timeoutMs: 3000, caPem: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" });
    expect(a.ok).toBe(true);
    expect(a.errors).toContain("--ca: 1 certificate(s) could not be parsed");
  });
});
