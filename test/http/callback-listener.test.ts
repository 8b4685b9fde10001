// The scanner-side listener of fetch-proof probes: which address it binds for which target, what it
// serves and records, and that closing it really stops it.
import { describe, expect, it } from "vitest";
import { callbackEndpoint, openCallbackListener, parseCallbackHost } from "../../src/http/callback-listener.js";

describe("callback endpoint", () => {
  it("binds loopback on an ephemeral port for a loopback target, and nothing for another without --callback-host", () => {
    expect(callbackEndpoint(null, "127.0.0.1")).toEqual({ bind: "127.0.0.1", port: 0, host: "127.0.0.1" });
    expect(callbackEndpoint(null, "localhost")).toEqual({ bind: "127.0.0.1", port: 0, host: "127.0.0.1" });
    expect(callbackEndpoint(null, "[::1]")).toEqual({ bind: "::1", port: 0, host: "[::1]" });
    expect(callbackEndpoint(null, "10.0.0.8")).toBeNull();
    expect(callbackEndpoint(null, "api.example.com")).toBeNull();
  });
  it("uses --callback-host: every interface for a routable name, only the address for a loopback one", () => {
    expect(callbackEndpoint("10.0.0.5:8123", "10.0.0.8")).toEqual({ bind: undefined, port: 8123, host: "10.0.0.5" });
    expect(callbackEndpoint("scanner.internal", "api.example.com")).toEqual({ bind: undefined, port: 0, host: "scanner.internal" });
    expect(callbackEndpoint("[fd00::5]:9000", "api.example.com")).toEqual({ bind: undefined, port: 9000, host: "[fd00::5]" });
    expect(callbackEndpoint("127.0.0.1", "api.example.test")).toEqual({ bind: "127.0.0.1", port: 0, host: "127.0.0.1" });
  });
  it("refuses what is not host[:port] in one line", () => {
    for (const bad of ["http://10.0.0.5", "10.0.0.5:99999", "10.0.0.5:", "a b", "host/path", ""]) {
      expect(() => parseCallbackHost(bad)).toThrow(/^--callback-host must be host\[:port\], the address the target can reach this machine at, e\.g\. 10\.0\.0\.5:8123 \(got '.*'\)$/);
    }
  });
});

describe("callback listener", () => {
  it("serves only registered documents, records their fetches, and stops answering once closed", async () => {
    const listener = await openCallbackListener({ bind: "127.0.0.1", port: 0, host: "127.0.0.1" });
    let url = "";
    try {
      url = listener.serve("alice/jwks.json", '{"keys":[]}', "application/json");
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/rampart-[\w-]{12}\/alice\/jwks\.json$/);
      const res = await fetch(url, { headers: { "user-agent": "target-fetcher/1.0" } });
      expect([res.status, res.headers.get("content-type"), await res.text()]).toEqual([200, "application/json", '{"keys":[]}']);
      // Another path under the prefix, or the bare listener, is a 404 and not recorded as a fetch.
      expect((await fetch(`${listener.baseUrl}/bob/jwks.json`)).status).toBe(404);
      expect((await fetch(new URL("/", url))).status).toBe(404);
      // Only GET and HEAD are answered.
      expect((await fetch(url, { method: "POST", body: "x", headers: { "user-agent": "poster" } })).status).toBe(404);
      const hits = listener.hits("alice/jwks.json");
      expect(hits.map((h) => [h.method, h.path, h.userAgent])).toEqual([
        ["GET", new URL(url).pathname, "target-fetcher/1.0"],
        ["POST", new URL(url).pathname, "poster"],
      ]);
      expect(hits[0]!.from).toMatch(/127\.0\.0\.1$/);
      expect(Date.parse(hits[0]!.at)).not.toBeNaN();
      expect(listener.hits("bob/jwks.json")).toEqual([]);
    } finally {
      await listener.close();
    }
    await listener.close(); // closing twice is harmless
    await expect(fetch(url)).rejects.toThrow();
  });
});
