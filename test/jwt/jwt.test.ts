// The JWT toolkit on real tokens signed at test time: parsing hostile input, forging, cracking.
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { crackHmac, forgeAlgNone, forgeExpired, forgeTamperedPayload, isExpired, lifetimeOf, parseJwt, randomBasic, randomLike, signHmac } from "../../src/jwt/index.js";
import { bundledJwtSecrets, jwtSecretCandidates, LITERAL_SECRETS, targetStems } from "../../src/patterns/jwt-secrets.js";

const now = Math.floor(Date.now() / 1000);

describe("parseJwt", () => {
  it("decodes header, claims and raw segments of a signed token", () => {
    const token = signHmac({ alg: "HS256", typ: "JWT" }, { sub: "42", iat: now, exp: now + 600 }, "s3cr3t");
    const jwt = parseJwt(token)!;
    expect(jwt.alg).toBe("HS256");
    expect(jwt.payload["sub"]).toBe("42");
    expect(jwt.signingInput).toBe(token.slice(0, token.lastIndexOf(".")));
    expect(jwt.signature).toEqual(createHmac("sha256", "s3cr3t").update(jwt.signingInput).digest());
    expect(lifetimeOf(jwt).lifetimeSeconds).toBe(600);
    expect(isExpired(jwt)).toBe(false);
  });

  it("returns null for anything that is not a JWT, without throwing", () => {
    const hostile = [
      "",
      "not-a-jwt",
      "a.b.c",
      "eyJhbGciOiJIUzI1NiJ9.not base64!.x",
      `${Buffer.from("[1,2]").toString("base64url")}.${Buffer.from("{}").toString("base64url")}.x`,
      `${Buffer.from('{"typ":"JWT"}').toString("base64url")}.${Buffer.from("{}").toString("base64url")}.x`, // no alg
      `eyJhbGciOiJIUzI1NiJ9.${"A".repeat(40_000)}.x`,
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0", // two segments
      "\u0000\ufffd.\ud800.x",
    ];
    for (const t of hostile) expect(parseJwt(t), t.slice(0, 40)).toBeNull();
  });
});

describe("forging", () => {
  const real = parseJwt(signHmac({ alg: "HS256", typ: "JWT" }, { sub: "alice", role: "user", iat: now }, randomBytes(32).toString("hex")))!;

  it("re-encodes with alg none and no signature, claims untouched", () => {
    const forged = parseJwt(forgeAlgNone(real, "None"))!;
    expect(forged.alg).toBe("None");
    expect(forged.header["typ"]).toBe("JWT");
    expect(forged.payload).toEqual(real.payload);
    expect(forged.segments[2]).toBe("");
  });

  it("tampers the payload under the original signature", () => {
    const forged = parseJwt(forgeTamperedPayload(real))!;
    expect(forged.segments[0]).toBe(real.segments[0]);
    expect(forged.segments[2]).toBe(real.segments[2]);
    expect(forged.payload).toMatchObject({ sub: "alice", rampart_probe: "tampered" });
  });

  it("re-signs an expired copy with a known secret", () => {
    const expired = parseJwt(forgeExpired(real, "secret"))!;
    expect(isExpired(expired)).toBe(true);
    expect(crackHmac(expired, ["nope", "secret"])?.secret).toBe("secret");
  });

  it("makes random look-alikes of the same length and format", () => {
    for (const v of ["3f9a7c2e5b8d1f4a", "sk_live_AbC123xyz", "3fa85f64-5717-4562-b3fc-2c963f66afa6", real.token, "ABCdef012"]) {
      const r = randomLike(v);
      expect(r).not.toBe(v);
      expect(r.length).toBe(v.length);
      expect(r.replace(/[A-Za-z0-9]/g, "")).toBe(v.replace(/[A-Za-z0-9]/g, ""));
    }
    expect(randomLike("sk_live_AbC123xyz").startsWith("sk_live_")).toBe(true);
    expect(randomLike("3f9a7c2e5b8d1f4a")).toMatch(/^[0-9a-f]{16}$/);
    expect(randomBasic()).toMatch(/^rampart-[0-9a-f]{8}:/);
  });
});

describe("crackHmac and the bundled wordlist", () => {
  it("recovers a weak secret from the list for HS256, HS384 and HS512", () => {
    for (const alg of ["HS256", "HS384", "HS512"]) {
      const jwt = parseJwt(signHmac({ alg, typ: "JWT" }, { sub: "1" }, "supersecret"))!;
      expect(crackHmac(jwt, bundledJwtSecrets())?.secret, alg).toBe("supersecret");
    }
  });

  it("does not crack a strong random secret, nor RS256 or alg none tokens", () => {
    const strong = parseJwt(signHmac({ alg: "HS256" }, { sub: "1" }, randomBytes(32).toString("base64")))!;
    expect(crackHmac(strong, bundledJwtSecrets())).toBeNull();
    const rs = parseJwt(`${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from('{"sub":"1"}').toString("base64url")}.${randomBytes(256).toString("base64url")}`)!;
    expect(crackHmac(rs, bundledJwtSecrets())).toBeNull();
    expect(crackHmac(parseJwt(forgeAlgNone(strong))!, bundledJwtSecrets())).toBeNull();
  });

  it("is a few thousand distinct entries with the well-known defaults first", () => {
    const list = bundledJwtSecrets();
    expect(list.length).toBeGreaterThan(3000);
    expect(new Set(list).size).toBe(list.length);
    for (const s of ["secret", "your-256-bit-secret", "shhhhh", "keyboard cat", "changeme"]) expect(list.indexOf(s)).toBeLessThan(LITERAL_SECRETS.length + 1);
    expect(list).toContain("myapp_secret");
  });

  it("adds target-specific guesses from the API title and host", () => {
    expect(targetStems(["Customer Records API", "api.acme-bank.example"])).toEqual(expect.arrayContaining(["customer", "records", "customer-records", "acme", "bank"]));
    const list = jwtSecretCandidates(["Customer Records API"]);
    expect(list.slice(0, 50)).toContain("customer");
    expect(list).toContain("customer-records_secret");
  });
});
