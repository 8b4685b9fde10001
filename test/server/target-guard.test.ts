// The server's target guard: refused addresses and names, --allow-targets, resolve-once pinning through
// the HTTP layer and the TLS audit, redirects and $refs held to the pinned origin. All traffic: 127.0.0.1.
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PolicyError } from "../../src/core/errors.js";
import { createDemoCertificates } from "../../src/demo/certs.js";
import { scan } from "../../src/engine/scan.js";
import { createHttpClient } from "../../src/http/client.js";
import { pinnedLookup } from "../../src/http/pinned-lookup.js";
import {
  addressRefusal,
  createTargetGuard,
  guardTarget,
  parseAllowTargets,
  specRefusal,
  type GuardedTarget,
  type Resolver,
} from "../../src/server/target-guard.js";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

/** A resolver that answers from a script, one entry per call (the last repeats), and counts calls. */
function scriptedResolver(answers: string[][]): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string) => {
    const i = Math.min(calls.length, answers.length - 1);
    calls.push(hostname);
    return (answers[i] ?? []).map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }));
  };
  return Object.assign(resolver, { calls });
}

function accepted(v: Awaited<ReturnType<typeof guardTarget>>): GuardedTarget {
  if (!v.ok) throw new Error(`refused: ${v.reason}`);
  return v.target;
}

describe("addressRefusal", () => {
  it.each([
    ["169.254.169.254", "link-local"],
    ["169.254.0.1", "link-local"],
    ["fe80::1", "IPv6 link-local"],
    ["fd00:ec2::254", "AWS instance metadata"],
    ["100.100.100.200", "Alibaba"],
    ["168.63.129.16", "Azure"],
    ["0.0.0.0", "unspecified"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["64:ff9b::a9fe:a9fe", "embeds 169.254.169.254"],
    ["64:ff9b::169.254.169.254", "embeds"],
    ["224.0.0.251", "multicast"],
  ])("refuses %s (%s)", (address, why) => {
    expect(addressRefusal(address)).toContain(why);
  });

  it.each(["127.0.0.1", "::1", "10.1.2.3", "192.168.1.10", "93.184.216.34", "2001:db8::1", "64:ff9b::a00:1", "169.253.255.255"])(
    "allows %s",
    (address) => {
      expect(addressRefusal(address)).toBeNull();
    },
  );
});

describe("guardTarget", () => {
  it("refuses a DNS name that resolves to the metadata address, naming why", async () => {
    const resolver = scriptedResolver([["169.254.169.254"]]);
    const v = await guardTarget("http://innocent.rampart.test/api", { resolver });
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.reason).toContain("innocent.rampart.test");
      expect(v.reason).toContain("169.254.169.254");
      expect(v.reason).toContain("link-local");
    }
    expect(resolver.calls).toEqual(["innocent.rampart.test"]);
  });

  it("refuses when any one of several answers is refused (any of them could be dialled)", async () => {
    const v = await guardTarget("https://multi.rampart.test", { resolver: scriptedResolver([["127.0.0.1", "fd00:ec2::254"]]) });
    expect(v).toMatchObject({ ok: false, reason: expect.stringContaining("AWS instance metadata") });
  });

  it("refuses metadata names before asking the resolver, and literal metadata addresses in any spelling", async () => {
    const resolver = scriptedResolver([["127.0.0.1"]]);
    expect(await guardTarget("http://metadata.google.internal/computeMetadata/v1/", { resolver })).toMatchObject({ ok: false });
    expect(await guardTarget("http://METADATA.GOOGLE.INTERNAL./", { resolver })).toMatchObject({ ok: false });
    expect(resolver.calls).toEqual([]);
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://0xa9fea9fe/", "http://169.254.43518/", "http://[::ffff:169.254.169.254]/", "http://[fe80::1]/"]) {
      expect(await guardTarget(url, { resolver }), url).toMatchObject({ ok: false });
    }
  });

  it("refuses what is not an http(s) URL and names that do not resolve, in one line", async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    expect(await guardTarget("not a url")).toMatchObject({ ok: false, reason: expect.stringContaining("not a URL") });
    expect(await guardTarget("file:///etc/passwd")).toMatchObject({ ok: false, reason: expect.stringContaining("file:") });
    expect(await guardTarget("gopher://127.0.0.1/")).toMatchObject({ ok: false });
    expect(await guardTarget("http://u:p@127.0.0.1/")).toMatchObject({ ok: false, reason: expect.stringContaining("credentials") });
    const v = await guardTarget("http://nowhere.rampart.test", { resolver: failing });
    expect(v).toMatchObject({ ok: false, reason: "target host nowhere.rampart.test does not resolve (ENOTFOUND)" });
  });

  it("accepts loopback and private targets by default and pins the first answer", async () => {
    const t = accepted(await guardTarget("http://api.rampart.test:8080/v1", { resolver: scriptedResolver([["127.0.0.1", "::1"]]) }));
    expect(t).toMatchObject({ hostname: "api.rampart.test", address: "127.0.0.1", pinnedHosts: { "api.rampart.test": "127.0.0.1" } });
    const literal = accepted(await guardTarget("http://127.0.0.1:9/"));
    expect(literal.pinnedHosts).toEqual({});
  });

  it("--allow-targets narrows by CIDR on the resolved address or by host glob", async () => {
    const allow = parseAllowTargets("127.0.0.0/8, *.staging.rampart.test,fd12::/16");
    const to = (address: string) => scriptedResolver([[address]]);
    expect((await guardTarget("http://a.staging.rampart.test", { allow, resolver: to("10.9.8.7") })).ok).toBe(true);
    expect((await guardTarget("http://x.y.staging.rampart.test", { allow, resolver: to("10.9.8.7") })).ok).toBe(true);
    expect((await guardTarget("http://db.rampart.test", { allow, resolver: to("127.0.0.5") })).ok).toBe(true);
    expect((await guardTarget("http://[fd12::9]/", { allow })).ok).toBe(true);
    const outside = await guardTarget("http://staging.rampart.test", { allow, resolver: to("10.9.8.7") });
    expect(outside).toMatchObject({ ok: false, reason: expect.stringContaining("outside --allow-targets") });
    // The refused ranges hold even when the allow-list names them.
    const wide = parseAllowTargets("169.254.0.0/16,*.rampart.test");
    expect((await guardTarget("http://meta.rampart.test", { allow: wide, resolver: to("169.254.169.254") })).ok).toBe(false);
  });

  it("rejects malformed --allow-targets entries with a one-line usage error", () => {
    expect(() => parseAllowTargets("10.0.0.0/33")).toThrow(/neither a CIDR .* nor a host glob/);
    expect(() => parseAllowTargets("http://example.com")).toThrow(/--allow-targets: 'http:\/\/example.com'/);
    expect(() => parseAllowTargets("exa mple.com")).toThrow(/--allow-targets/);
    expect(parseAllowTargets(["10.0.0.1", "api.example.com"]).map((r) => r.kind)).toEqual(["cidr", "host"]);
  });

  it("specRefusal: no local files, no other hosts", async () => {
    const t = accepted(await guardTarget("http://127.0.0.1:8080"));
    expect(specRefusal("http://127.0.0.1:8080/openapi.json", t)).toBeNull();
    expect(specRefusal("/etc/passwd", t)).toContain("does not read local files");
    expect(specRefusal("file:///etc/passwd", t)).toContain("file:");
    expect(specRefusal("http://169.254.169.254/spec.json", t)).toContain("not the target's host");
  });
});

describe("createTargetGuard (the server's hook)", () => {
  it("pins the target, vets the spec without re-pinning, and refuses with the reason", async () => {
    const guard = createTargetGuard({ allow: parseAllowTargets("127.0.0.0/8"), resolver: scriptedResolver([["127.0.0.1"]]) });
    expect(await guard("http://api.rampart.test:8080", "target")).toEqual({ allowed: true, options: { pinnedHosts: { "api.rampart.test": "127.0.0.1" } } });
    expect(await guard("http://api.rampart.test:8080/openapi.json", "spec")).toEqual({ allowed: true });
    expect(await guard("http://10.0.0.1/", "target")).toMatchObject({ allowed: false, reason: expect.stringContaining("outside --allow-targets") });
    expect(await guard("http://[fd00:ec2::254]/", "spec")).toMatchObject({ allowed: false, reason: expect.stringContaining("AWS") });
  });
});

describe("pinnedLookup", () => {
  it("answers only vetted names, in both callback shapes", async () => {
    const lookup = pinnedLookup({ "api.rampart.test": "127.0.0.1" });
    const one = await new Promise<[unknown, unknown, unknown]>((r) => lookup("API.rampart.test", {}, (e, a, f) => r([e, a, f])));
    expect(one).toEqual([null, "127.0.0.1", 4]);
    const all = await new Promise<unknown>((r) => lookup("api.rampart.test", { all: true }, (_e, a) => r(a)));
    expect(all).toEqual([{ address: "127.0.0.1", family: 4 }]);
    const err = await new Promise<NodeJS.ErrnoException | null>((r) => lookup("evil.rampart.test", {}, (e) => r(e)));
    expect(err?.code).toBe("ENOTFOUND");
    expect(err?.message).toContain("not vetted by the target guard");
  });
});

describe("a pinned scan (DNS rebinding)", () => {
  let api: RunningServer;
  const seen: string[] = [];
  beforeAll(async () => {
    api = await startServer((req, res) => {
      seen.push(`${req.method} ${req.url} host=${req.headers.host}`);
      if (req.url === "/to-metadata") {
        res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end();
        return;
      }
      if (req.url === "/to-other-name") {
        res.writeHead(302, { location: `http://other.rampart.test:${api.port}/ok` }).end();
        return;
      }
      if (req.url === "/same-origin") {
        res.writeHead(302, { location: "/ok" }).end();
        return;
      }
      if (req.url === "/openapi.json") {
        json(res, 200, {
          openapi: "3.0.3",
          info: { title: "pinned", version: "1" },
          paths: {
            "/ok": { get: { responses: { "200": { $ref: "http://169.254.169.254/latest/spec.json#/ok" } } } },
          },
        });
        return;
      }
      json(res, 200, { ok: true });
    });
  });
  afterAll(() => api.close());

  it("resolves once, then every request of the scan goes to the pinned address even when DNS changes its answer", async () => {
    // First answer: the fixture. Every later answer: the metadata service (a rebinding attack).
    const resolver = scriptedResolver([["127.0.0.1"], ["169.254.169.254"]]);
    const t = accepted(await guardTarget(`http://rebind.rampart.test:${api.port}`, { resolver }));
    expect(await resolver(t.hostname)).toEqual([{ address: "169.254.169.254", family: 4 }]); // the name has rebound
    const http = createHttpClient({
      baseUrl: t.url,
      mode: "safe",
      identities: [],
      budget: 50,
      ratePerSecond: 1000,
      concurrency: 4,
      timeoutMs: 3000,
      maxBodyBytes: 65536,
      userAgent: "test",
      includeOperations: [],
      pinnedHosts: t.pinnedHosts,
    });
    try {
      seen.length = 0;
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => http.send({ url: `${t.url}ok?i=${i}` })));
      expect(results.every((r) => r.response?.status === 200)).toBe(true);
      expect(seen.filter((s) => s.startsWith("GET /ok"))).toHaveLength(6);
      expect(seen.every((s) => s.includes(`host=rebind.rampart.test:${api.port}`))).toBe(true);

      // Redirects: to the metadata service not followed; within the pinned origin followed.
      const meta = await http.send({ url: `${t.url}to-metadata` });
      expect(meta.response?.status).toBe(302);
      expect(meta.redirects).toEqual([]);
      const other = await http.send({ url: `${t.url}to-other-name` });
      expect(other.response?.status).toBe(302);
      expect(other.redirects).toEqual([]);
      const same = await http.send({ url: `${t.url}same-origin` });
      expect(same.response?.status).toBe(200);
      expect(same.redirects).toHaveLength(1);

      // Another host is out of scope before any lookup.
      await expect(http.send({ url: `http://169.254.169.254/latest/meta-data/` })).rejects.toBeInstanceOf(PolicyError);
    } finally {
      await http.close();
    }
    expect(resolver.calls).toEqual(["rebind.rampart.test", "rebind.rampart.test"]); // the guard's call and the test's own
  });

  it("scan() with pinnedHosts reaches a name no real resolver knows, and a metadata $ref in the spec is not fetched", async () => {
    const t = accepted(await guardTarget(`http://rebind.rampart.test:${api.port}`, { resolver: scriptedResolver([["127.0.0.1"]]) }));
    seen.length = 0;
    const report = await scan({
      target: t.url,
      spec: `${t.url}openapi.json`,
      checks: ["encryption.hsts-missing"],
      timeoutMs: 3000,
      pinnedHosts: t.pinnedHosts,
    });
    expect(report.target.url).toContain("rebind.rampart.test");
    expect(seen.some((s) => s.startsWith("GET /openapi.json"))).toBe(true);
    expect(seen.every((s) => s.includes("host=rebind.rampart.test"))).toBe(true);
    const spec = report.errors.map((e) => e.message).join("\n");
    expect(spec).toMatch(/remote \$ref to another origin .* not fetched|169\.254\.169\.254/);
  });

  it("without pins, the same name cannot be reached (proves the pin carried the scan)", async () => {
    await expect(scan({ target: `http://rebind.rampart.test:${api.port}`, checks: ["encryption.hsts-missing"], timeoutMs: 3000 })).rejects.toThrow(
      /cannot reach/,
    );
  });
});

describe("a pinned TLS audit", () => {
  let tlsApi: RunningServer;
  const sni: (string | false | null)[] = [];
  beforeAll(async () => {
    const certs = await createDemoCertificates();
    tlsApi = await startServer((_req, res) => json(res, 200, { ok: true }), { cert: certs.certPem, key: certs.keyPem });
    tlsApi.server.on("secureConnection", (s: TLSSocket) => sni.push(s.servername));
  });
  afterAll(() => tlsApi.close());

  it("dials the vetted address with the host's name as SNI", async () => {
    const t = accepted(await guardTarget(`https://tls.rampart.test:${tlsApi.port}`, { resolver: scriptedResolver([["127.0.0.1"], ["169.254.169.254"]]) }));
    const report = await scan({ target: t.url, checks: ["encryption.cert-hostname-mismatch"], timeoutMs: 3000, pinnedHosts: t.pinnedHosts });
    expect(report.target.url).toContain("tls.rampart.test");
    expect(sni.length).toBeGreaterThan(1); // the HTTP layer and the TLS audit both connected
    // The audit judged the certificate (issued to localhost) against the pinned name, not the address.
    const mismatch = report.findings.find((f) => f.checkId === "encryption.cert-hostname-mismatch");
    expect(mismatch?.title ?? "").toBeTruthy();
    expect(JSON.stringify(mismatch)).toContain("tls.rampart.test");
    expect(sni.filter((n) => typeof n === "string").every((n) => n === "tls.rampart.test")).toBe(true);
    expect(report.errors.map((e) => e.message).join("\n")).not.toContain("not vetted");
  });
});
