import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { identitiesToAuth, loadConfig, parseConfig } from "../../src/config/config-file.js";
import { credentialProblem } from "../../src/config/credentials.js";
import { parseAuth } from "../../src/http/credentials.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "rampart-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

const FULL = `# settings for CI
target: http://127.0.0.1:8000
spec: ./openapi.yaml
mode: safe
depth: quick
context: financial
threshold: b
failOn: high
formats: json, sarif,markdown
outputDir: rampart-out
rate: 20/s
budget: 500
concurrency: 4
timeout: 5000
callbackHost: " 10.0.0.5:8123 "
identities:
  default: bearer:env:API_TOKEN
  alice:
    - header:X-Api-Key=env:ALICE_KEY
    - cookie:session=env:ALICE_SESSION
  bob: basic:bob:env:BOB_PASSWORD
ignore:
  - check: encryption.hsts-missing
    reason: TLS ends at the gateway
    expires: 2027-01-31
`;

describe("config file", () => {
  it("parses every setting, normalising threshold, formats and rate", () => {
    const c = parseConfig(FULL, ".rampart.yml");
    expect(c).toMatchObject({
      target: "http://127.0.0.1:8000",
      spec: "./openapi.yaml",
      mode: "safe",
      depth: "quick",
      context: "financial",
      threshold: "B",
      failOn: "high",
      formats: ["json", "sarif", "markdown"],
      outputDir: "rampart-out",
      rate: 20,
      budget: 500,
      concurrency: 4,
      timeout: 5000,
      callbackHost: "10.0.0.5:8123",
    });
    expect(c.ignore).toEqual([{ check: "encryption.hsts-missing", reason: "TLS ends at the gateway", expires: "2027-01-31" }]);
    const auth = identitiesToAuth(c.identities);
    expect(auth).toEqual(["bearer:env:API_TOKEN", "@alice=header:X-Api-Key=env:ALICE_KEY", "@alice=cookie:session=env:ALICE_SESSION", "@bob=basic:bob:env:BOB_PASSWORD"]);
    // The HTTP layer resolves them from the environment.
    const identities = parseAuth(auth, { API_TOKEN: "t0k", ALICE_KEY: "k", ALICE_SESSION: "s", BOB_PASSWORD: "pw" });
    expect(identities.map((i) => [i.label, i.credentials.length])).toEqual([["default", 1], ["alice", 2], ["bob", 1]]);
  });

  it("names unknown keys, wherever they are", () => {
    expect(errorOf(() => parseConfig("target: http://127.0.0.1:1\nthreshhold: 80\n", ".rampart.yml")).message).toBe(".rampart.yml: unknown key 'threshhold'");
    expect(errorOf(() => parseConfig("ignore:\n  - check: a.b\n    reason: r\n    scope: x\n", "c.yml")).message).toContain("unknown key 'scope' in ignore[0]");
    expect(errorOf(() => parseConfig("fail-on: high\n", "c.yml"))).toBeInstanceOf(InputError);
  });

  it("refuses literal secrets without repeating them", () => {
    for (const literal of ["bearer:sk_live_abc123", "header:X-Api-Key=hunter2", "basic:bob:hunter2", "cookie:sid=abc", "env:"]) {
      const err = errorOf(() => parseConfig(`identities:\n  default: "${literal}"\n`, ".rampart.yml"));
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toMatch(/identities\.default: (credentials must be env: references|unknown credential form)/);
      for (const secret of ["sk_live_abc123", "hunter2", "sid=abc"]) expect(err.message).not.toContain(secret);
    }
    expect(errorOf(() => parseConfig("identities:\n  alice: '@bob=bearer:env:X'\n", "c.yml")).message).toContain("not with an @label= prefix");
    expect(credentialProblem("@bob=bearer:env:X", { allowLabel: true })).toBeNull();
    expect(credentialProblem("env:WHOLE_CREDENTIAL")).toBeNull();
    expect(credentialProblem("basic:env:USER:env:PASS")).toBeNull();
  });

  it("rejects bad values with the key and the rule", () => {
    const bad: [string, RegExp][] = [
      ["mode: aggressive\n", /mode: /],
      ["threshold: 120\n", /threshold/],
      ["threshold: E\n", /threshold must be a score 0-100 or a grade A-F/],
      ["formats: json,pdf\n", /formats must be among summary, table, json, sarif, junit, markdown, html/],
      ["target: ftp://127.0.0.1\n", /target must be an http\(s\) URL/],
      ["rate: fast\n", /rate must look like 20\/s/],
      ["budget: 0\n", /budget/],
      ["callbackHost: http://10.0.0.5/x\n", /^c\.yml: callbackHost: callbackHost must be host\[:port\], the address the target can reach this machine at/],
      ["callbackHost: 10.0.0.5:70000\n", /callbackHost must be host\[:port\]/],
      ["- a\n- b\n", /expected a mapping of settings/],
      ["target: [\n", /not valid YAML/],
    ];
    for (const [text, re] of bad) {
      const err = errorOf(() => parseConfig(text, "c.yml"));
      expect(err, text).toBeInstanceOf(InputError);
      expect(err.message, text).toMatch(re);
    }
  });

  it("finds .rampart.yml in the working directory, or reads the file it is told to", () => {
    expect(loadConfig(dir)).toEqual({ path: null, config: {} });
    writeFileSync(path.join(dir, ".rampart.yml"), "depth: deep\n");
    expect(loadConfig(dir)).toEqual({ path: path.join(dir, ".rampart.yml"), config: { depth: "deep" } });
    writeFileSync(path.join(dir, "ci.yml"), "mode: passive\n");
    expect(loadConfig(dir, "ci.yml").config).toEqual({ mode: "passive" });
    expect(errorOf(() => loadConfig(dir, "missing.yml")).message).toBe("config file missing.yml not found");
    writeFileSync(path.join(dir, "bad.yml"), "depth: deep\nextra: 1\n");
    expect(errorOf(() => loadConfig(dir, "bad.yml")).message).toBe("bad.yml: unknown key 'extra'");
  });
});
