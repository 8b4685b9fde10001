// Named groups (TLS "supported_groups", formerly "elliptic_curves") and signature algorithms as data.
// `bits` is the group's size; `rsaEquivalent` the RSA modulus of comparable strength, which the grade's
// key-exchange score uses (NIST SP 800-57 part 1, table 2).

export type GroupKind = "ec" | "ffdhe" | "hybrid-pq" | "pq";

export interface NamedGroup {
  code: number;
  name: string;
  kind: GroupKind;
  bits: number;
  rsaEquivalent: number;
  /** Usable as a TLS 1.3 key share. */
  tls13: boolean;
}

type Row = readonly [code: number, name: string, kind: GroupKind, bits: number, rsaEquivalent: number, tls13: boolean];

const ROWS: readonly Row[] = [
  [1, "sect163k1", "ec", 163, 1024, false],
  [2, "sect163r1", "ec", 163, 1024, false],
  [3, "sect163r2", "ec", 163, 1024, false],
  [4, "sect193r1", "ec", 193, 1536, false],
  [5, "sect193r2", "ec", 193, 1536, false],
  [6, "sect233k1", "ec", 233, 2048, false],
  [7, "sect233r1", "ec", 233, 2048, false],
  [8, "sect239k1", "ec", 239, 2048, false],
  [9, "sect283k1", "ec", 283, 3072, false],
  [10, "sect283r1", "ec", 283, 3072, false],
  [11, "sect409k1", "ec", 409, 7680, false],
  [12, "sect409r1", "ec", 409, 7680, false],
  [13, "sect571k1", "ec", 571, 15360, false],
  [14, "sect571r1", "ec", 571, 15360, false],
  [15, "secp160k1", "ec", 160, 1024, false],
  [16, "secp160r1", "ec", 160, 1024, false],
  [17, "secp160r2", "ec", 160, 1024, false],
  [18, "secp192k1", "ec", 192, 1536, false],
  [19, "secp192r1", "ec", 192, 1536, false],
  [20, "secp224k1", "ec", 224, 2048, false],
  [21, "secp224r1", "ec", 224, 2048, false],
  [22, "secp256k1", "ec", 256, 3072, false],
  [23, "secp256r1", "ec", 256, 3072, true],
  [24, "secp384r1", "ec", 384, 7680, true],
  [25, "secp521r1", "ec", 521, 15360, true],
  [26, "brainpoolP256r1", "ec", 256, 3072, false],
  [27, "brainpoolP384r1", "ec", 384, 7680, false],
  [28, "brainpoolP512r1", "ec", 512, 15360, false],
  [29, "x25519", "ec", 253, 3072, true],
  [30, "x448", "ec", 448, 7680, true],
  [31, "brainpoolP256r1tls13", "ec", 256, 3072, true],
  [32, "brainpoolP384r1tls13", "ec", 384, 7680, true],
  [33, "brainpoolP512r1tls13", "ec", 512, 15360, true],
  [34, "GC256A", "ec", 256, 3072, true],
  [35, "GC256B", "ec", 256, 3072, true],
  [36, "GC256C", "ec", 256, 3072, true],
  [37, "GC256D", "ec", 256, 3072, true],
  [38, "GC512A", "ec", 512, 15360, true],
  [39, "GC512B", "ec", 512, 15360, true],
  [40, "GC512C", "ec", 512, 15360, true],
  [41, "curveSM2", "ec", 256, 3072, true],
  [256, "ffdhe2048", "ffdhe", 2048, 2048, true],
  [257, "ffdhe3072", "ffdhe", 3072, 3072, true],
  [258, "ffdhe4096", "ffdhe", 4096, 4096, true],
  [259, "ffdhe6144", "ffdhe", 6144, 6144, true],
  [260, "ffdhe8192", "ffdhe", 8192, 8192, true],
  [512, "MLKEM512", "pq", 512, 3072, true],
  [513, "MLKEM768", "pq", 768, 7680, true],
  [514, "MLKEM1024", "pq", 1024, 15360, true],
  [0x11eb, "SecP256r1MLKEM768", "hybrid-pq", 256, 7680, true],
  [0x11ec, "X25519MLKEM768", "hybrid-pq", 253, 7680, true],
  [0x11ed, "SecP384r1MLKEM1024", "hybrid-pq", 384, 15360, true],
  [0x6399, "X25519Kyber768Draft00", "hybrid-pq", 253, 7680, true],
];

export const NAMED_GROUPS: readonly NamedGroup[] = ROWS.map(([code, name, kind, bits, rsaEquivalent, tls13]) => ({
  code, name, kind, bits, rsaEquivalent, tls13,
}));

const BY_CODE = new Map(NAMED_GROUPS.map((g) => [g.code, g]));

export function groupByCode(code: number): NamedGroup {
  return BY_CODE.get(code) ?? { code, name: `group_0x${code.toString(16).padStart(4, "0")}`, kind: "ec", bits: 0, rsaEquivalent: 0, tls13: false };
}

// Hellos list the groups modern clients prefer first, so a server that follows the client's order
// reports the curve real clients get.
const PREFERRED = [0x11ec, 29, 23, 24, 25, 30, 256, 257, 258, 259, 260];
const rank = (g: NamedGroup): number => (PREFERRED.includes(g.code) ? PREFERRED.indexOf(g.code) : PREFERRED.length + g.code);
const byPreference = (a: NamedGroup, b: NamedGroup): number => rank(a) - rank(b);

/** Groups for TLS ≤ 1.2 ECDHE (FFDHE and post-quantum groups are TLS 1.3 only in practice). */
export const EC_GROUPS: readonly NamedGroup[] = NAMED_GROUPS.filter((g) => g.kind === "ec" && g.code <= 30).sort(byPreference);
export const TLS13_GROUPS: readonly NamedGroup[] = NAMED_GROUPS.filter((g) => g.tls13).sort(byPreference);

/** Every signature scheme a server might need to sign with, strongest first, legacy SHA-1/MD5 last. */
export const SIGNATURE_ALGORITHMS: readonly number[] = [
  0x0403, 0x0503, 0x0603, // ecdsa_secp256r1_sha256 … secp521r1_sha512
  0x0807, 0x0808, // ed25519, ed448
  0x081a, 0x081b, 0x081c, // ecdsa_brainpool*_tls13
  0x0804, 0x0805, 0x0806, // rsa_pss_rsae_sha256/384/512
  0x0809, 0x080a, 0x080b, // rsa_pss_pss_sha256/384/512
  0x0401, 0x0501, 0x0601, // rsa_pkcs1_sha256/384/512
  0x0402, 0x0502, 0x0602, // dsa_sha256/384/512
  0x0303, 0x0301, 0x0302, // sha224: ecdsa, rsa, dsa
  0x0203, 0x0201, 0x0202, // sha1: ecdsa, rsa, dsa
  0x0101, // rsa_md5
];
