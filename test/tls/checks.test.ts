// The 13 TLS/certificate checks, run as the engine runs them (CheckContext + memoised transport)
// against real listeners: each fires on a weak server and all stay silent on the hardened twin.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tlsChecks } from "../../src/checks/encryption/tls/index.js";
import { weakDhParams } from "./helpers/dh.js";
import { chain, issue } from "./helpers/pki.js";
import { firing, runChecks, tlsTransport } from "./helpers/harness.js";
import { closedPort, startTls, type Listener } from "./helpers/servers.js";

const listeners: Listener[] = [];
let pki: Awaited<ReturnType<typeof chain>>;
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
});

async function serve(options: Parameters<typeof startTls>[0]): Promise<string> {
  const l = await startTls(options);
  listeners.push(l);
  return `https://127.0.0.1:${l.port}`;
}

const ALL_IDS = tlsChecks.map((c) => c.meta.id).sort();

describe("weak server: legacy protocols, weak suites, 1024-bit DH, and a leaf that is expired, for another host, RSA-1024, SHA-1 signed, sent without its intermediate", () => {
  let url: string;
  let runs: Awaited<ReturnType<typeof runChecks>>;
  beforeAll(async () => {
    const root = await issue({ cn: "Weak Root", ca: true, key: { kind: "rsa", bits: 2048 } });
    const intermediate = await issue({ cn: "Weak Intermediate", ca: true, issuer: root, key: { kind: "rsa", bits: 2048 } });
    const leaf = await issue({
      cn: "wrong.example.test", dns: ["wrong.example.test"], issuer: intermediate, key: { kind: "rsa", bits: 1024 }, hash: "SHA-1", fromDays: -400, toDays: -2,
    });
    url = await serve({ key: leaf.keyPem, cert: leaf.certPem, minVersion: "TLSv1", maxVersion: "TLSv1.2", ciphers: "ALL:COMPLEMENTOFALL:@SECLEVEL=0", dhparam: weakDhParams() });
    runs = await runChecks(tlsChecks, url, tlsTransport({ caPem: root.certPem }));
  });

  it("fires every protocol check and every certificate check that applies", () => {
    expect(firing(runs)).toEqual([
      "encryption.cert-expired",
      "encryption.cert-hostname-mismatch",
      "encryption.cert-incomplete-chain",
      "encryption.cert-weak-key",
      "encryption.cert-weak-signature",
      // The named tests that follow from the same protocols and suites (counted once in the score).
      "encryption.tls-beast",
      "encryption.tls-legacy-protocol",
      "encryption.tls-logjam",
      "encryption.tls-lucky13",
      "encryption.tls-no-forward-secrecy",
      "encryption.tls-weak-cipher",
      "encryption.tls-weak-dh",
      "encryption.tls13-unsupported",
    ]);
  });

  it("reports TLS 1.0 and 1.1 separately, with high severity and an s_client line", () => {
    const legacy = runs.get("encryption.tls-legacy-protocol")?.findings ?? [];
    expect(legacy.map((f) => [f.title, f.severity])).toEqual([["TLSv1.0 accepted", "high"], ["TLSv1.1 accepted", "high"]]);
    expect(legacy[0]?.reproduce).toBe(`openssl s_client -connect ${new URL(url).host} -tls1 </dev/null`);
  });

  it("names the weak suites in evidence, one finding per weakness", () => {
    const weak = runs.get("encryption.tls-weak-cipher")?.findings ?? [];
    expect(weak.map((f) => f.key?.split(" ")[1])).toEqual(["null", "anonymous", "md5"]);
    expect(weak[0]?.evidence[0]?.excerpt).toMatch(/TLSv1\.0: .*NULL-SHA/);
    expect(weak[0]?.reproduce).toMatch(/-cipher '.*NULL-SHA.*:@SECLEVEL=0'/);
  });

  it("shows certificate fields in evidence", () => {
    const expired = runs.get("encryption.cert-expired")?.findings[0];
    expect(expired?.severity).toBeUndefined(); // the check's default: critical
    expect(expired?.evidence[0]?.excerpt).toMatch(/^notAfter .*; subject CN=wrong\.example\.test; issuer CN=Weak Intermediate$/);
    expect(runs.get("encryption.cert-weak-key")?.findings[0]?.title).toBe("Weak certificate key (RSA 1024 bits)");
    expect(runs.get("encryption.tls-weak-dh")?.findings[0]?.title).toBe("DHE with a 1024-bit group");
  });
});

describe("self-signed, not yet valid; and a certificate expiring in 3 days", () => {
  it("fires cert-untrusted and cert-not-yet-valid, then cert-expiring-soon (high)", async () => {
    const selfSigned = await issue({ cn: "localhost", ip: ["127.0.0.1"], fromDays: 2, toDays: 300 });
    const a = await runChecks(tlsChecks, await serve({ key: selfSigned.keyPem, cert: selfSigned.certPem, minVersion: "TLSv1.2" }), tlsTransport());
    // Node's default TLS 1.2 list still has CBC suites: Lucky13 is informational.
    expect(firing(a)).toEqual(["encryption.cert-not-yet-valid", "encryption.cert-untrusted", "encryption.tls-lucky13"]);

    const pkiSoon = await chain({ cn: "localhost", ip: ["127.0.0.1"], toDays: 3 });
    const b = await runChecks(
      tlsChecks,
      await serve({ key: pkiSoon.leaf.keyPem, cert: pkiSoon.leaf.certPem + pkiSoon.intermediate.certPem, minVersion: "TLSv1.2" }),
      tlsTransport({ caPem: pkiSoon.root.certPem }),
    );
    expect(firing(b)).toEqual(["encryption.cert-expiring-soon", "encryption.tls-lucky13"]);
    expect(b.get("encryption.cert-expiring-soon")?.findings[0]?.severity).toBe("high");
  });
});

describe("hardened twin: TLS 1.2 + 1.3, ECDHE + AEAD only, good chain", () => {
  it("keeps every TLS check silent, with no warning and no skip", async () => {
    pki = await chain();
    const url = await serve({
      key: pki.leaf.keyPem,
      cert: pki.leaf.certPem + pki.intermediate.certPem,
      minVersion: "TLSv1.2",
      ciphers: "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305",
      honorCipherOrder: true,
    });
    const runs = await runChecks(tlsChecks, url, tlsTransport({ caPem: pki.root.certPem }));
    expect(firing(runs)).toEqual([]);
    expect([...runs.values()].flatMap((r) => [...r.warnings, ...r.skipped])).toEqual([]);
    expect(runs.size).toBe(ALL_IDS.length);
  });
});

describe("targets the TLS checks do not apply to or cannot audit", () => {
  it("an http:// target: every check skips, nothing is probed", async () => {
    const transport = tlsTransport();
    const runs = await runChecks(tlsChecks, "http://127.0.0.1:9", transport);
    expect(firing(runs)).toEqual([]);
    expect(new Set([...runs.values()].flatMap((r) => r.skipped))).toEqual(new Set(["the target is not HTTPS (say where TLS is served with --transport-from)"]));
    expect(transport.audits).toBe(0);
  });

  it("an unreachable https:// target: one audit, one warning, no finding", async () => {
    const port = await closedPort();
    const transport = tlsTransport();
    const runs = await runChecks(tlsChecks, `https://127.0.0.1:${port}`, transport);
    expect(firing(runs)).toEqual([]);
    expect(transport.audits).toBe(1);
    expect([...runs.values()].flatMap((r) => r.warnings)).toEqual([`TLS audit: 127.0.0.1:${port}: connection refused by 127.0.0.1:${port}`]);
    expect(runs.get("encryption.tls-legacy-protocol")?.warnings).toHaveLength(1);
  });
});
