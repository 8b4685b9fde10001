// Password hashes an API should never return. Self-describing formats (bcrypt, argon2, crypt(3), Django,
// SCRAM) are recognised anywhere; bare hex digests only under a password-like field name.
import { charSet, containsAny, lowerCase } from "./memo.js";

export type HashStrength = "weak" | "adaptive";

export interface PasswordHashRow {
  id: string;
  title: string;
  /** weak = fast or unsalted (crackable at GPU speed); adaptive = salted + slow, still crackable offline. */
  strength: HashStrength;
  keywords: string[];
  regex: RegExp;
  /** Only counts when the value sits under a password-like field name. */
  needsPasswordField?: boolean;
}

export const PASSWORD_HASH_ROWS: readonly PasswordHashRow[] = [
  { id: "bcrypt", title: "bcrypt", strength: "adaptive", keywords: ["$2"], regex: /\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}/g },
  {
    id: "argon2",
    title: "Argon2",
    strength: "adaptive",
    keywords: ["$argon2"],
    regex: /\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+/g,
  },
  { id: "scrypt", title: "scrypt", strength: "adaptive", keywords: ["$scrypt$", "$7$"], regex: /\$scrypt\$[A-Za-z0-9=$,+/.-]{20,}|\$7\$[./A-Za-z0-9]{11,}\$[./A-Za-z0-9]{20,}/g },
  { id: "yescrypt", title: "yescrypt", strength: "adaptive", keywords: ["$y$"], regex: /\$y\$[./A-Za-z0-9]+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{20,}/g },
  {
    id: "pbkdf2",
    title: "PBKDF2 (Django / passlib)",
    strength: "adaptive",
    keywords: ["pbkdf2"],
    regex: /\bpbkdf2_sha(?:1|256|512)\$\d+\$[^$\s"']+\$[A-Za-z0-9+/=]{20,}|\$pbkdf2(?:-sha(?:1|256|512))?\$\d+\$[./A-Za-z0-9]+\$[./A-Za-z0-9]{20,}/g,
  },
  {
    id: "sha-crypt",
    title: "SHA-crypt ($5$/$6$)",
    strength: "adaptive",
    keywords: ["$5$", "$6$"],
    regex: /\$[56]\$(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43,86}/g,
  },
  {
    id: "scram-sha-256",
    title: "PostgreSQL SCRAM-SHA-256 verifier",
    strength: "adaptive",
    keywords: ["scram-sha-256$"],
    regex: /SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+/g,
  },
  { id: "md5-crypt", title: "MD5-crypt ($1$ / $apr1$)", strength: "weak", keywords: ["$1$", "$apr1$"], regex: /\$(?:1|apr1)\$[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}/g },
  {
    id: "django-legacy",
    title: "Django legacy salted SHA-1/MD5",
    strength: "weak",
    keywords: ["sha1$", "md5$"],
    regex: /\b(?:sha1|md5)\$[A-Za-z0-9]{1,32}\$[0-9a-f]{32,40}\b/g,
  },
  { id: "ldap", title: "LDAP {SHA}/{SSHA}/{MD5}", strength: "weak", keywords: ["{sha}", "{ssha}", "{md5}", "{smd5}"], regex: /\{(?:SSHA|SHA|SMD5|MD5)\}[A-Za-z0-9+/]{20,}={0,2}/gi },
  { id: "postgres-md5", title: "PostgreSQL md5 password", strength: "weak", keywords: ["md5"], regex: /\bmd5[0-9a-f]{32}\b/g },
  { id: "mysql-native", title: "MySQL native password (SHA-1)", strength: "weak", keywords: ["*"], regex: /(?<![\w*])\*[0-9A-F]{40}\b/g, needsPasswordField: true },
  {
    id: "unsalted-hex",
    title: "unsalted hex digest (MD5/SHA-1/SHA-256/SHA-512)",
    strength: "weak",
    keywords: ["pass", "pwd", "pw"],
    regex: /\b(?:[0-9a-fA-F]{128}|[0-9a-fA-F]{64}|[0-9a-fA-F]{40}|[0-9a-fA-F]{32})\b/g,
    needsPasswordField: true,
  },
];

/** A field name that holds a password or its hash: password, passwd, pass_hash, pwd, hashedPassword, pw … */
export const PASSWORD_FIELD = /^(?:[a-z0-9_-]*(?:pass(?:word|wd)?|pwd)[a-z0-9_-]*|pw|pw_?hash)$/i;

export interface PasswordHashMatch {
  row: string;
  title: string;
  strength: HashStrength;
  index: number;
  /** Field the value sat under, when known. */
  field: string | null;
  masked: string;
}

/** The field name directly before position `at` (`"password_hash": "` or `password=`), if any. */
function fieldBefore(text: string, at: number): string | null {
  const head = text.slice(Math.max(0, at - 80), at);
  return /["']?([A-Za-z0-9_-]+)["']?\s*[:=]\s*["']?$/.exec(head)?.[1] ?? null;
}

/** Digest names by hex length (a table built once: a literal with these keys allocates an index store per call). */
const HEX_DIGESTS: ReadonlyMap<number, string> = new Map([
  [32, "MD5/NTLM"],
  [40, "SHA-1"],
  [64, "SHA-256"],
  [128, "SHA-512"],
]);

function hexLabel(len: number): string {
  return HEX_DIGESTS.get(len) ?? "hex";
}

/** The characters of each row's keywords (see containsAny). */
const HASH_KEYWORD_CHARS = new Map(PASSWORD_HASH_ROWS.map((r) => [r, r.keywords.map(charSet)]));

export function findPasswordHashes(text: string): PasswordHashMatch[] {
  const lower = lowerCase(text);
  const out: PasswordHashMatch[] = [];
  const taken: number[] = [];
  for (const row of PASSWORD_HASH_ROWS) {
    if (!containsAny(lower, row.keywords, HASH_KEYWORD_CHARS.get(row)!)) continue;
    row.regex.lastIndex = 0;
    for (const m of text.matchAll(row.regex)) {
      const index = m.index ?? 0;
      if (taken.some((t) => index >= t - 2 && index <= t + 8)) continue;
      const field = fieldBefore(text, index);
      if (row.needsPasswordField && !(field && PASSWORD_FIELD.test(field))) continue;
      if (row.id === "unsalted-hex" && new Set(m[0]).size < 6) continue; // 000…0 placeholders
      taken.push(index);
      out.push({
        row: row.id,
        title: row.id === "unsalted-hex" ? `unsalted ${hexLabel(m[0].length)} digest` : row.title,
        strength: row.strength,
        index,
        field,
        masked: `${m[0].slice(0, Math.min(12, Math.floor(m[0].length / 3)))}****`,
      });
    }
  }
  return out;
}
