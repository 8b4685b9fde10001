// `rampart tls <host:port>` through the CLI's main(): summary and JSON output against a real weak
// server, and exit 2 with one line for unreachable, non-TLS and malformed endpoints.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEndpoint } from "../../src/surfaces/cli/commands/tls.js";
import { runInProcess } from "../helpers/cli.js";
import { chain } from "./helpers/pki.js";
import { closedPort, startRaw, startTls, type Listener } from "./helpers/servers.js";

const listeners: Listener[] = [];
let dir: string;
let caFile: string;
let weak: number;
let pki: Awaited<ReturnType<typeof chain>>;

beforeAll(async () => {
  pki = await chain({ cn: "api.local", dns: ["api.local"], key: { kind: "rsa", bits: 2048 } });
  dir = mkdtempSync(join(tmpdir(), "rampart-tls-cli-"));
  caFile = join(dir, "root.pem");
  writeFileSync(caFile, pki.root.certPem);
  const l = await startTls({
    key: pki.leaf.keyPem, cert: pki.leaf.certPem + pki.intermediate.certPem, minVersion: "TLSv1", maxVersion: "TLSv1.2",
    ciphers: "ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:@SECLEVEL=0",
  });
  listeners.push(l);
  weak = l.port;
});
afterAll(async () => {
  await Promise.all(listeners.map((l) => l.close()));
  rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[]) => runInProcess(args, { cwd: dir });

describe("rampart tls", () => {
  it("prints protocols, suites with strength, certificate, grade and findings", async () => {
    const r = await cli(["tls", `127.0.0.1:${weak}`, "--servername", "api.local", "--ca", caFile]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^TLS audit of 127\.0\.0\.1:\d+ \(SNI api\.local\): grade B, score \d+$/m);
    expect(r.out).toMatch(/^ {2}TLSv1\.0 {2}yes$/m);
    expect(r.out).toMatch(/^ {2}TLSv1\.3 {2}no {2}\(/m);
    expect(r.out).toMatch(/0xC02F {2}ECDHE-RSA-AES128-GCM-SHA256 +ECDH x25519 +recommended/);
    expect(r.out).toMatch(/0x002F {2}AES128-SHA +weak/);
    expect(r.out).toMatch(/trust +trusted/);
    expect(r.out).toMatch(/HIGH +encryption\.tls-legacy-protocol +TLSv1\.0 accepted/);
    expect(r.out).toMatch(/MEDIUM +encryption\.tls-no-forward-secrecy/);
    // Trust facts and every named vulnerability test with its verdict and reason.
    expect(r.out).toMatch(/^ {2}OCSP +not stapled$/m);
    expect(r.out).toMatch(/^ {2}revocation +no OCSP or CRL URL$/m);
    expect(r.out).toMatch(/^ {2}Heartbleed +not vulnerable +heartbeat extension not offered$/m);
    expect(r.out).toMatch(/^ {2}BEAST \(CBC in TLS 1\.0\) +VULNERABLE +CBC suites in TLSv1\.0/m);
    expect(r.out).toMatch(/^ {2}POODLE \(SSLv3 CBC\) +not applicable +SSLv3 not offered$/m);
  });

  it("--format json gives the audit and the findings", async () => {
    const r = await cli(["tls", `127.0.0.1:${weak}`, "--format", "json", "--servername", "api.local", "--ca", caFile, "--timeout", "3000"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { ok: boolean; grade: { letter: string }; certificate: { hostname: { matches: boolean } }; findings: { checkId: string }[] };
    expect(j.ok).toBe(true);
    expect(j.certificate.hostname.matches).toBe(true);
    expect(j.findings.map((f) => f.checkId)).toContain("encryption.tls13-unsupported");
  });

  it("exits 2 with one line for a closed port, an HTTP port and bad arguments", async () => {
    const port = await closedPort();
    const refused = await cli(["tls", `127.0.0.1:${port}`, "--timeout", "1000"]);
    expect([refused.code, refused.err]).toEqual([2, `rampart: 127.0.0.1:${port}: connection refused by 127.0.0.1:${port}\n`]);

    const http = await startRaw((s) => s.once("data", () => s.end("HTTP/1.0 400 Bad Request\r\n\r\n")));
    listeners.push(http);
    const notTls = await cli(["tls", `127.0.0.1:${http.port}`, "--timeout", "1000"]);
    expect(notTls.code).toBe(2);
    expect(notTls.err).toMatch(/^rampart: 127\.0\.0\.1:\d+: answers HTTP, not TLS \("HTTP\/1\.0 400 Bad Request"\)\n$/);

    expect((await cli(["tls", "127.0.0.1:99999"])).err).toMatch(/^rampart: expected host:port/);
    expect((await cli(["tls", `127.0.0.1:${weak}`, "--format", "xml"])).code).toBe(2);
    expect((await cli(["tls", `127.0.0.1:${weak}`, "--ca", join(dir, "missing.pem")])).err).toMatch(/cannot read file/);
  });

  it("parses endpoint forms", () => {
    expect(parseEndpoint("example.test")).toEqual({ host: "example.test", port: 443 });
    expect(parseEndpoint("[::1]:8443")).toEqual({ host: "::1", port: 8443 });
    expect(parseEndpoint("https://api.local:9443/v1")).toEqual({ host: "api.local", port: 9443 });
    expect(() => parseEndpoint("a:b:c")).toThrow(/expected host:port/);
  });
});
