// The SSL Labs-style grade: scores from the tables, caps from the conditions, T for trust problems —
// on audit data built from the suite registry and real generated certificates, and on live servers.
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeCertificateChain } from "../../src/tls/certificate.js";
import { describe as suite } from "../../src/tls/enumerate.js";
import { gradeTls, type GradeInput } from "../../src/tls/grade.js";
import type { CertificateAnalysis, ProtocolCiphers } from "../../src/tls/types.js";
import type { ProtocolName } from "../../src/tls/versions.js";
import { chain, issue } from "./helpers/pki.js";

let trusted: CertificateAnalysis;
let selfSigned: CertificateAnalysis;

beforeAll(async () => {
  const pki = await chain();
  trusted = analyzeCertificateChain([pki.leaf.certPem, pki.intermediate.certPem], { hostname: "localhost", caPem: pki.root.certPem });
  const own = await issue({ cn: "localhost", dns: ["localhost"] });
  selfSigned = analyzeCertificateChain([own.certPem], { hostname: "localhost" });
});

const x25519 = { kind: "ecdh" as const, group: "x25519", bits: 253 };
function ciphers(protocol: ProtocolName, codes: number[]): ProtocolCiphers {
  return { protocol, preference: "server", complete: true, ciphers: codes.map((code) => suite({ code, key: code >= 0x1301 ? x25519 : null })) };
}

const MODERN: ProtocolCiphers[] = [ciphers("TLSv1.3", [0x1301, 0x1302]), ciphers("TLSv1.2", [0xc02b, 0xc02c])];
function input(extra: Partial<GradeInput> = {}): GradeInput {
  return { protocols: ["TLSv1.2", "TLSv1.3"], ciphers: MODERN, certificate: trusted, dhMinBits: null, secureRenegotiation: true, ...extra };
}

describe("gradeTls", () => {
  it("a modern configuration gets an A with the component scores of the rating guide", () => {
    const g = gradeTls(input());
    expect(g).toMatchObject({ letter: "A", protocolScore: 100, keyExchangeScore: 90, cipherScore: 90, caps: [] });
    expect(g.score).toBe(Math.round(0.3 * 100 + 0.3 * 90 + 0.4 * 90));
  });

  it("TLS 1.0 caps at B, SSL 3.0 at C, SSL 2.0 at F", () => {
    const tls10 = gradeTls(input({ protocols: ["TLSv1.0", "TLSv1.2", "TLSv1.3"], ciphers: [...MODERN, ciphers("TLSv1.0", [0xc013])] }));
    expect([tls10.letter, tls10.protocolScore]).toEqual(["B", 95]);
    const ssl3 = gradeTls(input({ protocols: ["SSLv3", "TLSv1.2"], ciphers: [ciphers("SSLv3", [0x002f]), ciphers("TLSv1.2", [0xc02f])] }));
    expect(ssl3.letter).toBe("C");
    expect(gradeTls(input({ protocols: ["SSLv2", "TLSv1.2"] })).letter).toBe("F");
  });

  it("export, anonymous and NULL suites cap at F; 3DES with TLS 1.2 at C", () => {
    expect(gradeTls(input({ ciphers: [...MODERN, ciphers("TLSv1.2", [0x0003])] })).caps[0]).toEqual({ cap: "F", reason: "export cipher suites accepted" });
    expect(gradeTls(input({ ciphers: [...MODERN, ciphers("TLSv1.2", [0x0034])] })).letter).toBe("F");
    expect(gradeTls(input({ ciphers: [...MODERN, ciphers("TLSv1.2", [0x0002])] })).letter).toBe("F");
    const des = gradeTls(input({ ciphers: [...MODERN, ciphers("TLSv1.2", [0x000a])] }));
    expect([des.letter, des.cipherScore]).toEqual(["C", (100 + 20) / 2]);
  });

  it("no forward secrecy and no AEAD each cap at B; weak DH at B, very weak DH at F", () => {
    const staticRsa = gradeTls(input({ protocols: ["TLSv1.2"], ciphers: [ciphers("TLSv1.2", [0x009c, 0x002f])] }));
    expect(staticRsa.caps.map((c) => c.reason)).toEqual(["no forward secrecy"]);
    const cbc = gradeTls(input({ protocols: ["TLSv1.2"], ciphers: [ciphers("TLSv1.2", [0xc013, 0xc014])] }));
    expect(cbc.caps.map((c) => c.reason)).toEqual(["no AEAD cipher suites"]);
    expect(gradeTls(input({ dhMinBits: 1024 })).letter).toBe("B");
    expect(gradeTls(input({ dhMinBits: 512 })).letter).toBe("F");
  });

  it("trust problems give T and keep the letter they would have had", () => {
    const g = gradeTls(input({ certificate: selfSigned }));
    expect([g.letter, g.letterIgnoringTrust]).toEqual(["T", "A"]);
    expect(g.caps).toEqual([{ cap: "T", reason: "certificate not trusted" }]);
  });

  it("nothing negotiated: no letter", () => {
    expect(gradeTls(input({ protocols: [], ciphers: [] })).letter).toBeNull();
  });
});
