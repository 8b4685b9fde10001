import { describe, expect, it } from "vitest";
import type { Json } from "../../src/patterns/text.js";
import { decodeJwt, findTokens, jwtPrincipal } from "../../src/patterns/tokens.js";
import { b64, jwt } from "./_jwt.js";

describe("tokens", () => {
  it("decodes a JWT and names its principal", () => {
    const d = decodeJwt(jwt({ sub: "42", exp: 1 }));
    expect(d?.header.alg).toBe("HS256");
    expect(jwtPrincipal(d!)).toBe("42");
  });
  it("rejects things that look like JWTs but are not", () => {
    expect(decodeJwt("eyJhbGciOi.eyJzdWIi.sig")).toBeNull();
    expect(decodeJwt("a.b")).toBeNull();
    expect(decodeJwt(`${b64({ typ: "JWT" })}.${b64({ sub: 1 })}.x`)).toBeNull();
    expect(decodeJwt(`${b64([1])}.${b64({ sub: 1 })}.x`)).toBeNull();
  });
  it("finds JWTs anywhere and opaque tokens only in token-named fields", () => {
    const body = { users: [{ id: 1, access_token: jwt({ sub: "1" }) }, { id: 2, session_token: "Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1Ab" }], note: "token", id: "Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1Ab9" };
    const found = findTokens(JSON.stringify(body), JSON.parse(JSON.stringify(body)) as Json);
    expect(found.map((t) => t.kind).sort()).toEqual(["jwt", "opaque"]);
    expect(found.find((t) => t.kind === "jwt")?.field).toBe("access_token");
  });
  it("ignores placeholders and short values in token fields", () => {
    const body = { token: "********", access_token: "abc", refresh_token: "your_token_here_please_set" };
    expect(findTokens(JSON.stringify(body), JSON.parse(JSON.stringify(body)) as Json)).toEqual([]);
  });
});
