// Why a cipher suite is weak, as rows: the tls-weak-cipher check reports one finding per row that
// matches an accepted suite. Order = how bad, worst first.
import type { AcceptedCipher } from "./types.js";

export interface CipherWeakness {
  id: string;
  label: string;
  matches(c: AcceptedCipher): boolean;
}

export const CIPHER_WEAKNESSES: readonly CipherWeakness[] = [
  { id: "null", label: "NULL cipher (no encryption)", matches: (c) => c.enc === "NULL" },
  { id: "anonymous", label: "anonymous key exchange (aNULL, no server authentication)", matches: (c) => c.au === "anon" },
  { id: "export", label: "EXPORT-grade suite (40/56-bit keys, 512-bit key exchange)", matches: (c) => c.export },
  { id: "rc4", label: "RC4 stream cipher", matches: (c) => c.enc === "RC4" },
  { id: "rc2", label: "RC2 cipher", matches: (c) => c.enc.startsWith("RC2") },
  { id: "des", label: "single DES (56-bit)", matches: (c) => c.enc.startsWith("DES_") },
  { id: "3des", label: "3DES, a 64-bit block cipher (Sweet32)", matches: (c) => c.enc === "3DES_EDE_CBC" },
  { id: "md5", label: "MD5 message authentication", matches: (c) => c.mac === "MD5" },
];

export function weaknessesOf(c: AcceptedCipher): CipherWeakness[] {
  return CIPHER_WEAKNESSES.filter((w) => w.matches(c));
}
