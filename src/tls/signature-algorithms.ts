// Certificate signature algorithms by OID, with their hash, and which hashes are too weak to sign
// a non-root certificate (collisions are practical for MD2, MD4, MD5 and SHA-1).
import type { SignatureAlgorithmOid } from "./der.js";

type Row = readonly [oid: string, name: string, hash: string | null];

const ROWS: readonly Row[] = [
  ["1.2.840.113549.1.1.2", "md2WithRSAEncryption", "md2"],
  ["1.2.840.113549.1.1.3", "md4WithRSAEncryption", "md4"],
  ["1.2.840.113549.1.1.4", "md5WithRSAEncryption", "md5"],
  ["1.2.840.113549.1.1.5", "sha1WithRSAEncryption", "sha1"],
  ["1.2.840.113549.1.1.14", "sha224WithRSAEncryption", "sha224"],
  ["1.2.840.113549.1.1.11", "sha256WithRSAEncryption", "sha256"],
  ["1.2.840.113549.1.1.12", "sha384WithRSAEncryption", "sha384"],
  ["1.2.840.113549.1.1.13", "sha512WithRSAEncryption", "sha512"],
  ["1.2.840.113549.1.1.10", "rsassaPss", null],
  ["1.2.840.10045.4.1", "ecdsa-with-SHA1", "sha1"],
  ["1.2.840.10045.4.3.1", "ecdsa-with-SHA224", "sha224"],
  ["1.2.840.10045.4.3.2", "ecdsa-with-SHA256", "sha256"],
  ["1.2.840.10045.4.3.3", "ecdsa-with-SHA384", "sha384"],
  ["1.2.840.10045.4.3.4", "ecdsa-with-SHA512", "sha512"],
  ["1.2.840.10040.4.3", "dsa-with-sha1", "sha1"],
  ["2.16.840.1.101.3.4.3.1", "dsa-with-sha224", "sha224"],
  ["2.16.840.1.101.3.4.3.2", "dsa-with-sha256", "sha256"],
  ["1.3.101.112", "Ed25519", null],
  ["1.3.101.113", "Ed448", null],
  ["1.2.156.10197.1.501", "SM2-with-SM3", "sm3"],
  ["1.2.643.7.1.1.3.2", "GOST R 34.10-2012 with GOST R 34.11-2012 (256 bit)", "streebog256"],
  ["1.2.643.7.1.1.3.3", "GOST R 34.10-2012 with GOST R 34.11-2012 (512 bit)", "streebog512"],
];

const HASH_OIDS: Readonly<Record<string, string>> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
  "2.16.840.1.101.3.4.2.4": "sha224",
};

export const WEAK_SIGNATURE_HASHES: readonly string[] = ["md2", "md4", "md5", "sha1"];

export function describeSignatureAlgorithm(alg: SignatureAlgorithmOid): { name: string; hash: string | null } {
  const row = ROWS.find(([oid]) => oid === alg.oid);
  if (alg.pssHashOid !== null) {
    const hash = HASH_OIDS[alg.pssHashOid] ?? alg.pssHashOid;
    return { name: `rsassaPss (${hash})`, hash };
  }
  return row ? { name: row[1], hash: row[2] } : { name: alg.oid, hash: null };
}
