import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/config-file.js";
import { mergeConfig, type ConfigurableFlags } from "../../src/config/scan-settings.js";
import { resolveLogin } from "../../src/auth/login-flow.js";
import type { LoginDeclaration } from "../../src/auth/declaration.js";
import { createHttpClient } from "../../src/http/client.js";
import { scan } from "../../src/engine/scan.js";
import { config } from "../http/_support.js";
import { startLoginApi, USERS, CLIENTS, type LoginApi } from "./_login-api.js";

const servers: LoginApi[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function api(opts: Parameters<typeof startLoginApi>[0]): Promise<LoginApi> {
  const s = await startLoginApi(opts);
  servers.push(s);
  return s;
}

const ENV = { ALICE_PASSWORD: USERS["alice"], WRONG: "not-the-password", CI_SECRET: CLIENTS["ci"] };
const ALICE: LoginDeclaration = {
  login: { request: "POST /auth/login", json: { username: "alice", password: "env:ALICE_PASSWORD" }, token: "body:/access_token", send: "bearer" },
};

function clientFor(s: LoginApi, logins: Record<string, LoginDeclaration>, overrides: Parameters<typeof config>[1] = {}) {
  const resolved = Object.entries(logins).map(([label, d]) => resolveLogin(label, d, ENV, s.url));
  return createHttpClient(config(s.url, { logins: resolved, budget: 1000, ...overrides }));
}

function leaks(text: string, s: LoginApi): string[] {
  return [...s.issued, ...Object.values(USERS), ...Object.values(CLIENTS)].filter((secret) => text.includes(secret));
}

describe("login flows", () => {
  it("logs in before the scan in safe mode, sends the token, and keeps token and password out of the report", async () => {
    const s = await api({ lifetimeMs: 60_000, tokens: "jwt" });
    const report = await scan({
      target: s.url,
      spec: `${s.url}/openapi.json`,
      logins: { alice: ALICE },
      env: ENV,
      checks: ["authentication.unauthenticated-access", "dataExposure."],
    });
    expect(s.counts.logins).toBe(1);
    expect(s.log.indexOf("POST /auth/login")).toBeLessThan(s.log.indexOf("GET /openapi.json"));
    expect(s.counts.ok).toBeGreaterThanOrEqual(6); // every documented GET answered as alice
    expect(report.errors.filter((e) => e.phase === "login")).toEqual([]);
    expect(report.options["logins"]).toEqual({ alice: "login POST /auth/login" });
    expect(leaks(JSON.stringify(report), s)).toEqual([]);
  });

  it("allows exactly the declared login request in safe mode", async () => {
    const s = await api({ lifetimeMs: 60_000, tokens: "jwt" });
    const http = clientFor(s, { alice: ALICE });
    await http.login();
    await expect(http.send({ method: "POST", url: "/auth/login", body: "{}" })).rejects.toThrow(/safe mode does not send POST/);
    await expect(http.send({ method: "POST", url: "/auth/other", body: "{}" })).rejects.toThrow(/safe mode/);
    const login = http.exchanges().find((e) => e.source === "login");
    expect(login?.request.body).toContain("$RAMPART_ALICE_PASSWORD");
    expect(login?.response?.body).toContain("$RAMPART_ALICE_TOKEN");
    expect(leaks(JSON.stringify(http.exchanges()), s)).toEqual([]);
    await http.close();
  });

  it("renews a JWT before exp during a long scan: no request lost, no 401 storm", async () => {
    const s = await api({ lifetimeMs: 2_000, tokens: "jwt" });
    const http = clientFor(s, { alice: ALICE }, { ratePerSecond: 12, concurrency: 4 });
    await http.login();
    const paths = ["/me", "/orders", "/invoices", "/settings", "/reports", "/profile"];
    const started = Date.now();
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 72 }, async (_, i) => {
        const ex = await http.send({ url: paths[i % paths.length] as string, identity: "alice" });
        statuses.push(ex.response?.status ?? 0);
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(seconds).toBeGreaterThan(4); // long enough for several expiries
    expect(statuses.filter((x) => x !== 200)).toEqual([]); // no lost coverage
    expect(s.counts.unauthorized).toBeLessThanOrEqual(2); // renewed ahead of exp, not after 401s
    expect(s.counts.logins).toBeLessThanOrEqual(Math.ceil(seconds / 1) + 2);
    expect(http.sessions().renewals).toBeGreaterThanOrEqual(2);
    expect(leaks(JSON.stringify(http.exchanges()), s)).toEqual([]);
    await http.close();
  });

  it("renews an opaque token once on a 401 and resends, without looping", async () => {
    const s = await api({ lifetimeMs: 1_500, tokens: "opaque" });
    const http = clientFor(s, { alice: ALICE }, { ratePerSecond: 10, concurrency: 4 });
    await http.login();
    const statuses: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const ex = await http.send({ url: "/orders", identity: "alice" });
        statuses.push(ex.response?.status ?? 0);
      }),
    );
    expect(statuses.filter((x) => x !== 200)).toEqual([]);
    // Each expiry costs the requests then in flight one 401 each and a single shared login.
    expect(s.counts.logins).toBeLessThanOrEqual(1 + http.sessions().renewalsAfter401);
    expect(http.sessions().renewalsAfter401).toBeGreaterThanOrEqual(1);
    expect(s.counts.unauthorized).toBeLessThanOrEqual(4 * (http.sessions().renewalsAfter401 + 1));
    await http.close();
  });

  it("does not log in again and again for an endpoint that always answers 401", async () => {
    const s = await api({ lifetimeMs: 60_000, tokens: "jwt" });
    const http = clientFor(s, { alice: ALICE });
    await http.login();
    // Make the token old enough that a 401 could mean expiry.
    await new Promise((r) => setTimeout(r, 1_100));
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await http.send({ url: "/admin", identity: "alice" })).response?.status ?? 0);
    expect(statuses).toEqual(Array(10).fill(401));
    // One renewal to rule out expiry, then the endpoint is known to refuse alice.
    expect(s.counts.logins).toBe(2);
    expect(s.counts.unauthorized).toBe(11);
    // Forged credentials are the checks' own: they never trigger a renewal.
    const forged = await http.send({ url: "/me", identity: "alice", credentialsOverride: [{ kind: "bearer", name: "Authorization", value: "forged.token.value" }] });
    expect(forged.response?.status).toBe(401);
    expect(s.counts.logins).toBe(2);
    await http.close();
  });

  it("reports a wrong password as a clear error naming the identity", async () => {
    const s = await api({ lifetimeMs: 60_000, tokens: "jwt" });
    const wrong: LoginDeclaration = { login: { request: "POST /auth/login", json: { username: "alice", password: "env:WRONG" } } };
    const run = scan({ target: s.url, spec: `${s.url}/openapi.json`, logins: { alice: wrong }, env: ENV });
    await expect(run).rejects.toThrow('login for identity "alice" failed: POST /auth/login answered 401 (check the credentials)');
    await expect(scan({ target: s.url, logins: { alice: ALICE }, env: {} })).rejects.toThrow(
      'login for identity "alice" failed: environment variable ALICE_PASSWORD (for password) is not set',
    );
    expect(s.counts.logins).toBe(1); // the missing variable was caught before sending anything
  });

  it("gets an OAuth2 client_credentials token, refreshes it before expiry, and names a bad secret", async () => {
    const s = await api({ lifetimeMs: 2_000, tokens: "opaque" });
    const service: LoginDeclaration = { oauth2: { tokenUrl: "/oauth/token", grant: "client_credentials", clientId: "ci", clientSecret: "env:CI_SECRET", scope: "read" } };
    const http = clientFor(s, { service }, { ratePerSecond: 10 });
    await http.login();
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) statuses.push((await http.send({ url: "/me", identity: "service" })).response?.status ?? 0);
    expect(statuses.filter((x) => x !== 200)).toEqual([]);
    expect(s.counts.refreshes).toBeGreaterThanOrEqual(1); // renewed with the refresh token
    expect(s.counts.unauthorized).toBe(0);
    expect(leaks(JSON.stringify(http.exchanges()), s)).toEqual([]);
    await http.close();

    const bad: LoginDeclaration = { oauth2: { tokenUrl: "/oauth/token", grant: "client_credentials", clientId: "ci", clientSecret: "env:WRONG" } };
    await expect(scan({ target: s.url, logins: { service: bad }, env: ENV })).rejects.toThrow(
      'login for identity "service" failed: POST /oauth/token answered 401 invalid_client (check the credentials)',
    );
  });

  it("OAuth2 password grant", async () => {
    const s = await api({ lifetimeMs: 60_000, tokens: "jwt" });
    const bob: LoginDeclaration = { oauth2: { tokenUrl: "/oauth/token", grant: "password", clientId: "ci", clientSecret: "env:CI_SECRET", clientAuth: "body", username: "alice", password: "env:ALICE_PASSWORD" } };
    const http = clientFor(s, { bob });
    await http.login();
    const ex = await http.send({ url: "/me", identity: "bob" });
    expect(JSON.parse(ex.response?.body ?? "{}")).toMatchObject({ user: "alice" });
    expect(ex.request.headers["authorization"]).toBe("Bearer $RAMPART_BOB_TOKEN");
    await http.close();
  });

  it("cookie session whose login form needs a CSRF token fetched first", async () => {
    const s = await api({ lifetimeMs: 60_000, tokens: "opaque" });
    const web: LoginDeclaration = {
      login: {
        request: "POST /session",
        form: { username: "alice", password: "env:ALICE_PASSWORD" },
        csrf: { request: "GET /login", token: "html:csrfmiddlewaretoken", send: "field:csrfmiddlewaretoken" },
        token: "cookie:sessionid",
      },
    };
    const http = clientFor(s, { web });
    await http.login();
    const ex = await http.send({ url: "/orders", identity: "web" });
    expect(ex.response?.status).toBe(200);
    expect(ex.request.headers["cookie"]).toBe("sessionid=$RAMPART_WEB_SESSIONID");
    expect(s.counts.csrfPages).toBe(1);
    expect(leaks(JSON.stringify(http.exchanges()), s)).toEqual([]);
    await http.close();
  });

  it("reads login and oauth2 identities from .rampart.yml and refuses literal secrets", () => {
    const cfg = parseConfig(
      `identities:
  default: bearer:env:API_TOKEN
  alice:
    login:
      request: POST /auth/login
      json: { username: alice, password: env:ALICE_PASSWORD }
      token: body:/access_token
      send: bearer
  service:
    oauth2: { tokenUrl: /oauth/token, grant: client_credentials, clientId: ci, clientSecret: env:CI_SECRET, scope: read }
`,
      ".rampart.yml",
    );
    const merged = mergeConfig<ConfigurableFlags>({}, cfg, "/tmp");
    expect(merged.auth).toEqual(["bearer:env:API_TOKEN"]);
    expect(Object.keys(merged.logins ?? {})).toEqual(["alice", "service"]);
    expect(() => parseConfig("identities:\n  alice:\n    login: { request: POST /auth/login, json: { username: a, password: hunter22 } }\n", "x.yml")).toThrow(
      "identities.alice.login.json.password: password must be an env: reference",
    );
    expect(() => parseConfig("identities:\n  s:\n    oauth2: { tokenUrl: /t, grant: client_credentials, clientId: c, clientSecret: abc }\n", "x.yml")).toThrow(/clientSecret must be an env: reference/);
  });
});
