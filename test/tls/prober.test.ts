// The raw prober against real peers: node:tls servers (weak and hardened), openssl s_server, and
// scripted SSLv2/SSLv3 peers. Accepted suites are cross-checked with an independent client
// (Node's OpenSSL) that must be able to negotiate every suite Rampart reports, and none it does not.
import { execFileSync } from "node:child_process";
import tls from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTls } from "../../src/tls/audit.js";
import { suiteByCode } from "../../src/tls/cipher-suites.js";
import type { TlsAudit } from "../../src/tls/types.js";
import { weakDhParams } from "./helpers/dh.js";
import { chain, issue, type Issued } from "./helpers/pki.js";
import { startOpensslServer, startScriptedTls, startRaw, readHello, sslv2ServerHello, alert, startTls, type Listener } from "./helpers/servers.js";

const listeners: Listener[] = [];
let rsa: { leaf: Issued; root: Issued; intermediate: Issued };
let dh1024: string;

beforeAll(async () => {
  rsa = await chain({ cn: "localhost", dns: ["localhost"], ip: ["127.0.0.1"], key: { kind: "rsa", bits: 2048 } });
  dh1024 = weakDhParams();
});
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
});

async function serve(options: tls.TlsOptions): Promise<Listener> {
  const l = await startTls({ key: rsa.leaf.keyPem, cert: rsa.leaf.certPem + rsa.intermediate.certPem, ...options });
  listeners.push(l);
  return l;
}

const audit = (port: number): Promise<TlsAudit> => auditTls("127.0.0.1", port, { timeoutMs: 5000, caPem: rsa.root.certPem });
const accepted = (a: TlsAudit, p: string) => (a.ciphers.find((c) => c.protocol === p)?.ciphers ?? []).map((c) => c.code).sort((x, y) => x - y);
const supported = (a: TlsAudit) => a.protocols.filter((p) => p.supported).map((p) => p.name);

/** Every suite this machine's OpenSSL knows, by IANA code. */
function opensslSuites(): { code: number; name: string }[] {
  const out = execFileSync("/usr/bin/openssl", ["ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"]).toString();
  return [...out.matchAll(/0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)/g)].map((m) => ({ code: parseInt(`${m[1]}${m[2]}`, 16), name: m[3] as string }));
}

/** Independent oracle: can Node's OpenSSL client negotiate exactly this suite at this version? */
function negotiates(port: number, version: tls.SecureVersion, name: string): Promise<boolean> {
  return new Promise((resolve) => {
    let socket: tls.TLSSocket;
    try {
      socket = tls.connect({ host: "127.0.0.1", port, minVersion: version, maxVersion: version, ciphers: `${name}:@SECLEVEL=0`, rejectUnauthorized: false });
    } catch {
      return resolve(false);
    }
    socket.setTimeout(3000, () => (socket.destroy(), resolve(false)));
    socket.once("secureConnect", () => {
      const ok = socket.getCipher().name === name || socket.getCipher().standardName === name;
      socket.destroy();
      resolve(ok);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("node:tls server with TLS 1.0 and weak suites (@SECLEVEL=0)", () => {
  let port: number;
  let result: TlsAudit;
  beforeAll(async () => {
    port = (await serve({ minVersion: "TLSv1", ciphers: "ALL:COMPLEMENTOFALL:@SECLEVEL=0", dhparam: dh1024, honorCipherOrder: true })).port;
    result = await audit(port);
  });

  it("finds TLS 1.0 through 1.3 and no SSL", () => {
    expect(result.ok).toBe(true);
    expect(supported(result)).toEqual(["TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"]);
  });

  it.each([["TLSv1.0", "TLSv1"], ["TLSv1.2", "TLSv1.2"]] as const)("lists exactly the %s suites an independent client negotiates", async (protocol, version) => {
    const known = opensslSuites().filter((s) => !suiteByCode(s.code)?.tls13);
    const oracle: number[] = [];
    for (const s of known) if (await negotiates(port, version, s.name)) oracle.push(s.code);
    const ours = accepted(result, protocol).filter((c) => known.some((k) => k.code === c));
    expect(oracle.length).toBeGreaterThan(5);
    expect(ours).toEqual(oracle.sort((a, b) => a - b));
  });

  it("sees NULL, anonymous and static-RSA suites and the 1024-bit DH group", () => {
    const names = result.ciphers.flatMap((p) => p.ciphers.map((c) => c.openssl));
    expect(names).toEqual(expect.arrayContaining(["NULL-SHA", "ADH-AES128-SHA", "AES128-SHA"]));
    expect(result.dh?.minBits).toBe(1024);
    const dhe = result.ciphers.find((p) => p.protocol === "TLSv1.2")?.ciphers.find((c) => c.openssl === "DHE-RSA-AES128-GCM-SHA256");
    expect(dhe?.keyExchange).toEqual({ kind: "dh", bits: 1024 });
  });

  it("reads the server's cipher preference", () => {
    expect(result.ciphers.find((p) => p.protocol === "TLSv1.2")?.preference).toBe("server");
    expect(result.secureRenegotiation).toBe(true);
  });
});

describe("hardened node:tls server (TLS 1.2 + 1.3, ECDHE + AEAD)", () => {
  const order = ["ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-CHACHA20-POLY1305", "ECDHE-RSA-AES256-GCM-SHA384"];
  let result: TlsAudit;
  beforeAll(async () => {
    const { port } = await serve({
      minVersion: "TLSv1.2",
      ciphers: ["TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", ...order].join(":"),
      honorCipherOrder: true,
      ecdhCurve: "X25519:secp384r1",
    });
    result = await audit(port);
  });

  it("finds only TLS 1.2 and 1.3 with the configured suites in the server's order", () => {
    expect(supported(result)).toEqual(["TLSv1.2", "TLSv1.3"]);
    const tls12 = result.ciphers.find((p) => p.protocol === "TLSv1.2");
    expect(tls12?.preference).toBe("server");
    expect(tls12?.ciphers.map((c) => c.openssl)).toEqual(order);
    expect(result.ciphers.find((p) => p.protocol === "TLSv1.3")?.ciphers.map((c) => c.name).sort()).toEqual(["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384"]);
  });

  it("enumerates the supported groups for TLS 1.2 and TLS 1.3", () => {
    const byProtocol = (p: string) => result.groups.filter((g) => g.protocols.includes(p as never)).map((g) => g.name).sort();
    expect(byProtocol("TLSv1.2")).toEqual(["secp384r1", "x25519"]);
    expect(byProtocol("TLSv1.3")).toEqual(["secp384r1", "x25519"]);
    expect(result.dh).toBeNull();
  });
});

describe("client cipher preference", () => {
  it("reports client preference when the server follows the client's order", async () => {
    const { port } = await serve({ minVersion: "TLSv1.2", maxVersion: "TLSv1.2", ciphers: "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384", honorCipherOrder: false });
    const r = await audit(port);
    expect(r.ciphers.find((p) => p.protocol === "TLSv1.2")?.preference).toBe("client");
    expect(accepted(r, "TLSv1.2")).toEqual([0xc02f, 0xc030]);
  });
});

describe("openssl s_server as the peer", () => {
  it("reports exactly the two TLS 1.2 suites it is configured with", async () => {
    const l = await startOpensslServer(rsa.leaf.certPem, rsa.leaf.keyPem, ["-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA"]);
    listeners.push(l);
    const r = await audit(l.port);
    expect(supported(r)).toEqual(["TLSv1.2"]);
    expect(accepted(r, "TLSv1.2")).toEqual([0x0035, 0xc02f]);
    expect(r.certificate?.leaf.commonName).toBe("localhost");
  });
});

describe("scripted legacy peers", () => {
  it("detects SSLv3 with RC4 and 3DES, reading the certificate from the SSLv3 flight", async () => {
    const cert = await issue({ cn: "legacy.test", key: { kind: "rsa", bits: 2048 } });
    const l = await startScriptedTls(0x0300, [0x000a, 0x0005], Buffer.from(cert.cert.rawData));
    listeners.push(l);
    const r = await audit(l.port);
    expect(supported(r)).toEqual(["SSLv3"]);
    expect(accepted(r, "SSLv3")).toEqual([0x0005, 0x000a]);
    expect(r.ciphers.find((p) => p.protocol === "SSLv3")?.preference).toBe("client");
    expect(r.certificate?.source).toBe("probe");
    expect(r.certificate?.leaf.commonName).toBe("legacy.test");
    expect(r.grade.letter).toBe("T");
    // SSL Labs: SSL 3.0 alone is an F; with 3DES (CBC) it is also POODLE's C.
    expect(r.grade.letterIgnoringTrust).toBe("F");
    expect(r.grade.caps.map((c) => c.reason)).toEqual(expect.arrayContaining(["only SSL 3.0 (or older) supported", "SSL 3.0 with CBC suites (POODLE)"]));
    expect(r.vulnerabilities.find((v) => v.id === "poodle")?.status).toBe("vulnerable");
  });

  it("detects SSLv2 and the cipher kinds its SERVER-HELLO lists", async () => {
    const cert = await issue({ cn: "ssl2.test", key: { kind: "rsa", bits: 2048 } });
    const l = await startRaw(async (socket) => {
      const hello = await readHello(socket);
      if (hello?.sslv2) socket.end(sslv2ServerHello([0x010080, 0x0700c0], Buffer.from(cert.cert.rawData)));
      else socket.end(alert(0x0301, 70));
    });
    listeners.push(l);
    const r = await audit(l.port);
    expect(supported(r)).toEqual(["SSLv2"]);
    expect(r.ciphers[0]?.ciphers.map((c) => c.openssl)).toEqual(["RC4-MD5", "DES-CBC3-MD5"]);
    expect(r.grade.letterIgnoringTrust).toBe("F");
  });
});
