// The session fields the vulnerability tests read (ticket, max_early_data) come out the same whichever form
// node:tls hands the session in: OpenSSL's DER as it is (Node 20), or behind Node's own header (Node 22, 24),
// which hid the ticket from Rampart there and silenced the 0-RTT and Ticketbleed tests.
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { opensslSessionDer, sessionFields } from "../../src/tls/vulns/session-der.js";
import { issue } from "./helpers/pki.js";
import { startTls, type Listener } from "./helpers/servers.js";

const MAGIC = "\0nodejs:tls:session:";

/** The header Node 22 and 24 put in front of OpenSSL's DER. */
function withNodeHeader(der: Buffer, servername: string): Buffer {
  const name = Buffer.from(servername, "latin1");
  const length = Buffer.alloc(2);
  length.writeUInt16BE(name.length);
  return Buffer.concat([Buffer.from(`${MAGIC}1\0`, "latin1"), length, name, der]);
}

describe("session DER", () => {
  let server: Listener;
  let session: Buffer;
  beforeAll(async () => {
    const cert = await issue({ cn: "localhost", dns: ["localhost"], ip: ["127.0.0.1"] });
    server = await startTls({ key: cert.keyPem, cert: cert.certPem, minVersion: "TLSv1.3" });
    // A real TLS 1.3 session with a ticket, from this Node (either form).
    session = await new Promise<Buffer>((resolve, reject) => {
      const s = tls.connect({ host: "127.0.0.1", port: server.port, rejectUnauthorized: false });
      s.once("session", (b: Buffer) => (resolve(b), s.destroy()));
      s.on("error", reject);
    });
  });
  afterAll(() => server.close());

  it("reads the ticket from OpenSSL's DER and from the same DER behind Node's header", () => {
    const der = opensslSessionDer(session);
    expect(der[0]).toBe(0x30);
    const plain = sessionFields(der);
    expect(plain.ticket?.length).toBeGreaterThan(0);
    expect(sessionFields(withNodeHeader(der, "127.0.0.1"))).toEqual(plain);
    expect(sessionFields(withNodeHeader(der, ""))).toEqual(plain);
    // What this Node handed out reads the same.
    expect(sessionFields(session)).toEqual(plain);
  });

  it("a header cut short or garbage yields no fields, not an exception", () => {
    expect(sessionFields(Buffer.from(`${MAGIC}1`, "latin1"))).toEqual({ ticket: null, maxEarlyData: 0 });
    expect(sessionFields(Buffer.from(`${MAGIC}1\0\0\x09127.0`, "latin1"))).toEqual({ ticket: null, maxEarlyData: 0 });
    expect(sessionFields(Buffer.from("not a session"))).toEqual({ ticket: null, maxEarlyData: 0 });
  });
});
