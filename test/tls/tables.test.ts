// The data tables: the cipher-suite registry agrees with this machine's OpenSSL on every suite OpenSSL
// knows (name, key exchange, authentication, key size), flags and classes are consistent, codes are
// unique; the hello builder emits well-formed records.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CIPHER_SUITES, LEGACY_SUITES, suiteByCode, TLS13_SUITES } from "../../src/tls/cipher-suites.js";
import { buildClientHello } from "../../src/tls/client-hello.js";
import { NAMED_GROUPS } from "../../src/tls/groups.js";
import { SSLV2_CIPHERS, buildSslv2ClientHello } from "../../src/tls/sslv2.js";
import { CIPHER_WEAKNESSES } from "../../src/tls/weakness.js";

interface OpensslRow {
  code: number;
  name: string;
  kx: string;
  au: string;
  bits: number;
}

function opensslRows(): OpensslRow[] {
  const out = execFileSync("/usr/bin/openssl", ["ciphers", "-V", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"]).toString();
  return [...out.matchAll(/0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+\S+\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=\S*?\((\d+)\)/g)].map((m) => ({
    code: parseInt(`${m[1]}${m[2]}`, 16), name: m[3] as string, kx: m[4] as string, au: m[5] as string, bits: Number(m[6]),
  }));
}

describe("cipher-suite registry", () => {
  it("has unique codes and names, and covers the IANA registry", () => {
    expect(new Set(CIPHER_SUITES.map((s) => s.code)).size).toBe(CIPHER_SUITES.length);
    expect(new Set(CIPHER_SUITES.map((s) => s.name)).size).toBe(CIPHER_SUITES.length);
    expect(CIPHER_SUITES.filter((s) => s.iana).length).toBeGreaterThan(330);
    expect(TLS13_SUITES.length + LEGACY_SUITES.length).toBe(CIPHER_SUITES.length);
  });

  it("agrees with OpenSSL on every suite OpenSSL implements", () => {
    const rows = opensslRows();
    expect(rows.length).toBeGreaterThan(100);
    const kxOf: Record<string, string[]> = {
      ECDH: ["ECDHE"], DH: ["DHE"], RSA: ["RSA"], PSK: ["PSK"], DHEPSK: ["DHE_PSK"], RSAPSK: ["RSA_PSK"], ECDHEPSK: ["ECDHE_PSK"], SRP: ["SRP"], any: ["ANY"],
    };
    const auOf: Record<string, string[]> = { RSA: ["RSA"], ECDSA: ["ECDSA"], DSS: ["DSS"], None: ["anon"], PSK: ["PSK"], SRP: ["SRP"], any: ["ANY"] };
    for (const r of rows) {
      const s = suiteByCode(r.code);
      expect(s, r.name).toBeDefined();
      expect([s?.openssl, s?.kx, s?.au]).toEqual([r.name, expect.toBeOneOf(kxOf[r.kx] ?? []), expect.toBeOneOf(auOf[r.au] ?? [])]);
      expect(s?.bits, r.name).toBe(r.name.includes("DES-CBC3") || r.name.includes("3DES") ? 112 : r.bits);
    }
  });

  it("classifies consistently: export and NULL are insecure, TLS 1.3 AEAD suites recommended, static RSA never forward secret", () => {
    for (const s of CIPHER_SUITES) {
      if (s.export || s.enc === "NULL" || s.au === "anon") expect(s.strength, s.name).toBe("insecure");
      if (s.kx === "RSA" || s.kx === "DH" || s.kx === "ECDH") expect(s.pfs, s.name).toBe(false);
      if (s.strength === "recommended") expect([s.pfs, s.mac], s.name).toEqual([true, "AEAD"]);
    }
    expect(["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"].map((n) => CIPHER_SUITES.find((s) => s.name === n)?.strength)).toEqual([
      "recommended", "recommended", "recommended",
    ]);
    expect(CIPHER_SUITES.filter((s) => s.name.includes("EXPORT")).every((s) => s.export)).toBe(true);
  });

  it("every weakness row matches some suite and misses a recommended one", () => {
    const good = CIPHER_SUITES.find((s) => s.code === 0xc02f);
    for (const w of CIPHER_WEAKNESSES) {
      const hits = CIPHER_SUITES.filter((s) => w.matches({ ...s, hex: "", keyExchange: null }));
      expect(hits.length, w.id).toBeGreaterThan(0);
      expect(w.matches({ ...(good as NonNullable<typeof good>), hex: "", keyExchange: null }), w.id).toBe(false);
    }
  });

  it("SSLv2 kinds and named groups have unique codes", () => {
    expect(new Set(SSLV2_CIPHERS.map((c) => c.code)).size).toBe(SSLV2_CIPHERS.length);
    expect(new Set(NAMED_GROUPS.map((g) => g.code)).size).toBe(NAMED_GROUPS.length);
  });
});

describe("hello builder", () => {
  it("frames TLS records with the right lengths, and SSLv3 hellos without extensions", () => {
    for (const version of [0x0300, 0x0301, 0x0303, 0x0304]) {
      const suites = version === 0x0304 ? TLS13_SUITES.map((s) => s.code) : LEGACY_SUITES.map((s) => s.code);
      const rec = buildClientHello({ version, suites, servername: "api.example.test" });
      expect(rec[0]).toBe(22);
      expect(rec.readUInt16BE(3)).toBe(rec.length - 5);
      expect(rec.readUIntBE(6, 3)).toBe(rec.length - 9);
      const body = rec.subarray(9);
      expect(body.readUInt16BE(0)).toBe(Math.min(version, 0x0303));
      const sidLen = body[34] as number;
      const suitesLen = body.readUInt16BE(35 + sidLen);
      const afterCompression = 35 + sidLen + 2 + suitesLen + 2;
      expect(body.length > afterCompression).toBe(version !== 0x0300);
      if (version !== 0x0300) expect(rec.includes(Buffer.from("api.example.test"))).toBe(true);
    }
  });

  it("frames the SSLv2 CLIENT-HELLO with a 2-byte header and every cipher kind", () => {
    const h = buildSslv2ClientHello();
    expect((((h[0] as number) & 0x7f) << 8) | (h[1] as number)).toBe(h.length - 2);
    expect(h.readUInt16BE(5)).toBe(SSLV2_CIPHERS.length * 3);
  });
});
