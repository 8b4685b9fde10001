import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { attachCredentials, parseAuth, wireValue } from "../../src/http/credentials.js";

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("expected an InputError");
}

describe("parseAuth", () => {
  it("parses every form into the default identity", () => {
    const ids = parseAuth([
      "bearer:tok-123",
      "header:X-Api-Key=k=with=equals",
      "query:api_key=q-secret",
      "cookie:session=s3ss10n",
    ]);
    expect(ids).toEqual([
      {
        label: "default",
        credentials: [
          { kind: "bearer", name: "Authorization", value: "tok-123" },
          { kind: "header", name: "X-Api-Key", value: "k=with=equals" },
          { kind: "query", name: "api_key", value: "q-secret" },
          { kind: "cookie", name: "session", value: "s3ss10n" },
        ],
      },
    ]);
    expect(parseAuth(["basic:alice:pa:ss"])[0]?.credentials[0]).toEqual({
      kind: "basic",
      name: "Authorization",
      value: "alice:pa:ss",
    });
  });

  it("merges values with the same label and keeps labels apart", () => {
    const ids = parseAuth(["@Alice=bearer:a-token", "@bob=bearer:b-token", "@alice=cookie:sid=a-sid", "bearer:d-token"]);
    expect(ids.map((i) => [i.label, i.credentials.map((c) => c.kind)])).toEqual([
      ["alice", ["bearer", "cookie"]],
      ["bob", ["bearer"]],
      ["default", ["bearer"]],
    ]);
  });

  it("strips an accidental Bearer prefix", () => {
    expect(parseAuth(["bearer:Bearer abc.def"])[0]?.credentials[0]?.value).toBe("abc.def");
  });

  it("resolves env:VAR in every position", () => {
    const env = { TOK: "env-token", KEY: "env-key", PASS: "env-pass", USER: "env-user", CREDS: "u1:p1", WHOLE: "cookie:sid=whole-sid" };
    const [id] = parseAuth(
      ["bearer:env:TOK", "header:X-Key=env:KEY", "query:k=env:KEY", "@b=basic:bob:env:PASS", "@c=basic:env:USER:env:PASS", "@d=basic:env:CREDS", "@e=env:WHOLE"],
      env,
    ).slice(0, 1);
    expect(id?.credentials.map((c) => c.value)).toEqual(["env-token", "env-key", "env-key"]);
    const all = parseAuth(["@b=basic:bob:env:PASS", "@c=basic:env:USER:env:PASS", "@d=basic:env:CREDS", "@e=env:WHOLE"], env);
    expect(all.map((i) => i.credentials[0]?.value)).toEqual(["bob:env-pass", "env-user:env-pass", "u1:p1", "whole-sid"]);
  });

  it("names a missing or empty variable, never a value", () => {
    const missing = errorOf(() => parseAuth(["bearer:env:NOPE_TOKEN"], {}));
    expect(missing.message).toBe("--auth #1: environment variable NOPE_TOKEN is not set");
    const empty = errorOf(() => parseAuth(["bearer:x", "header:X=env:EMPTY"], { EMPTY: "" }));
    expect(empty.message).toContain("#2");
    expect(empty.message).toContain("EMPTY is empty");
  });

  it("rejects bad forms with one line listing the forms and without echoing the secret", () => {
    const cases = [
      "supersecretvalue",
      "token:supersecretvalue",
      "bearer:",
      "header:supersecretvalue",
      "header:Bad Name=supersecretvalue",
      "query:=supersecretvalue",
      "basic:supersecretvalue",
      "basic::supersecretvalue",
      "cookie:sid=super secret value",
      "@=bearer:supersecretvalue",
      "@bad label=bearer:supersecretvalue",
      "header:X=super\r\nsecretvalue",
    ];
    for (const value of cases) {
      const e = errorOf(() => parseAuth([value]));
      expect(e.code).toBe("INPUT");
      expect(e.message).not.toMatch(/super/);
      expect(e.message).not.toContain("\n");
      expect(e.message).toContain("bearer:<token>");
    }
  });

  it("refuses two credentials in one slot of one identity", () => {
    const e = errorOf(() => parseAuth(["bearer:one-token", "basic:u:two-secret"]));
    expect(e.message).toContain('identity "default" already has a credential for header authorization');
    expect(e.message).not.toMatch(/one-token|two-secret/);
    expect(parseAuth(["@a=bearer:x1", "@b=bearer:x2"])).toHaveLength(2);
  });
});

describe("attachCredentials", () => {
  it("puts each kind in its place", () => {
    const [id] = parseAuth(["bearer:tok", "header:X-Key=hk", "query:api key=q v", "cookie:sid=cv"]);
    const target = { headers: { cookie: "theme=dark" } as Record<string, string>, url: new URL("http://127.0.0.1/a?x=1") };
    attachCredentials(target, id?.credentials ?? [], wireValue);
    expect(target.headers).toEqual({ authorization: "Bearer tok", "x-key": "hk", cookie: "theme=dark; sid=cv" });
    expect(target.url.searchParams.get("api key")).toBe("q v");
    expect(target.url.searchParams.get("x")).toBe("1");
  });

  it("encodes basic as base64 of user:pass", () => {
    const [id] = parseAuth(["basic:alice:s3cr3t"]);
    const target = { headers: {} as Record<string, string>, url: new URL("http://127.0.0.1/") };
    attachCredentials(target, id?.credentials ?? [], wireValue);
    expect(target.headers["authorization"]).toBe(`Basic ${Buffer.from("alice:s3cr3t").toString("base64")}`);
  });
});
