// Secrets in any JSON shape, wherever the response sits: an environment dump under an arbitrary key, as
// name/value pairs, [name, value] tuples and NAME=value lines, on a route with an ordinary name. The
// hardened twin masks them, references them (${VAR}) or carries names that only look secret.
import { describe, expect, it } from "vitest";
import { findJsonSecrets } from "../../../src/patterns/json-secrets.js";
import { scrubSecrets } from "../../../src/engine/scrub.js";
import { findingsOf, reportText, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";

const SECRETS = {
  db: "Tr0ub4dor-3-horse",
  token: "a8f3k2m9q7w1e5r6t4y8u2i0",
  jwt: "9c1b7e4a2d8f6c3b0e5a9d7f1c4b8e2a",
  smtp: "mailpass-771-zz",
  stripe: "whsec-0a9b8c7d6e5f4a3b2c1d",
  line: "lInE-s3cret-v4lue-9988",
};

const leaky = {
  ok: true,
  diagnostics: {
    process: {
      vars: [{ name: "DB_PASSWORD", value: SECRETS.db }, { k: "GITHUB_TOKEN", v: SECRETS.token }, { name: "PORT", value: "8080" }],
      settings: { JWT_SECRET: SECRETS.jwt, smtp: { user: "mailer", pass: SECRETS.smtp } },
      pairs: [["STRIPE_WEBHOOK_SECRET", SECRETS.stripe], ["REGION", "eu-west-1"]],
      dotenv: `NODE_ENV=production\nSESSION_SECRET=${SECRETS.line}\nLOG_LEVEL=info`,
    },
  },
};

const hardened = {
  ok: true,
  diagnostics: {
    process: {
      vars: [{ name: "DB_PASSWORD", value: "********" }, { k: "GITHUB_TOKEN", v: "${GITHUB_TOKEN}" }, { name: "PORT", value: "8080" }],
      settings: { JWT_SECRET: "<redacted>", smtp: { user: "mailer", pass: "" }, password_policy: "at least 12 characters", passwordChangedAt: "2024-01-01T00:00:00Z" },
      session: { token_type: "Bearer", next_page_token: "eyJvZmZzZXQiOjIwMH0abcdef", csrf_token: "d9f1a2b3c4e5f6a7b8c9d0e1" },
      users: [{ username: "amy", password: "$2b$12$KIXQJYk0Yl9oB1y6M3dPqOu2o8r0X3v5y7z9A1b3c5d7e9f1h3j5k" }],
    },
  },
};

const spec = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: { "/status": { get: { responses: { "200": { description: "ok" } } } } } };
const CHECK = "dataExposure.secret-key";

describe("secrets in any JSON shape", () => {
  it("finds every secret-named value of an environment dump, whatever the shape and path", async () => {
    const r = await scanApp((req, res) => (req.url === "/status" && req.method === "GET" ? json(res, 200, leaky) : json(res, 404, { detail: "nf" })), { spec, checks: [CHECK] });
    const [f, ...rest] = findingsOf(r, CHECK);
    expect(rest).toEqual([]); // one response, one finding listing each place
    expect(f).toMatchObject({ title: "Secrets in a response", severity: "critical", operation: { path: "/status" } });
    expect(f!.occurrences?.map((o) => o.place)).toEqual([
      "$.diagnostics.process.vars[0] (DB_PASSWORD, password)",
      "$.diagnostics.process.vars[1] (GITHUB_TOKEN, token)",
      "$.diagnostics.process.settings.JWT_SECRET (JWT_SECRET, secret)",
      "$.diagnostics.process.settings.smtp.pass (pass, password)",
      "$.diagnostics.process.pairs[0] (STRIPE_WEBHOOK_SECRET, secret)",
      "$.diagnostics.process.dotenv (SESSION_SECRET, secret)",
    ]);
    const text = reportText(r);
    for (const v of Object.values(SECRETS)) expect(text).not.toContain(v);
  });

  it("stays silent on the hardened twin: masks, references, hashes, policies and non-credential tokens", async () => {
    const r = await scanApp((req, res) => (req.url === "/status" ? json(res, 200, hardened) : json(res, 404, { detail: "nf" })), { spec, checks: [CHECK] });
    expect(findingsOf(r, CHECK)).toEqual([]);
  });

  it("walks a hostile body bounded", () => {
    let deep: unknown = { API_PASSWORD: "deep-secret-value-1" };
    for (let i = 0; i < 50_000; i++) deep = { n: deep };
    const wide = Array.from({ length: 100_000 }, (_, i) => ({ name: `K${i}`, value: "v" }));
    expect(findJsonSecrets(deep as never)).toEqual([]); // past the node bound: partial, no crash
    expect(findJsonSecrets(wide as never, { maxNodes: 1000 })).toEqual([]);
  });

  it("evidence text never keeps a connection-string password, even with an empty user", () => {
    expect(scrubSecrets("REDIS_URL=redis://:s3cretPass@cache:6379/0")).toBe("REDIS_URL=redis://:****@cache:6379/0");
  });
});
