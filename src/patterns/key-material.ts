// Cryptographic key material that must never leave a server: PEM private keys, JWKs with private members,
// symmetric keys of key length in env-style dumps. One row per kind; `find` returns masked matches.
import { charSet, containsAny, lowerCase } from "./memo.js";

export interface KeyMaterialMatch {
  row: KeyMaterialRow["id"];
  /** What was found, e.g. "RSA PRIVATE KEY", "JWK (RSA) with private member d", "APP_KEY (32-byte key)". */
  label: string;
  /** Where in the text (for excerpts). */
  index: number;
  /** The match with the secret part masked: safe for evidence. */
  masked: string;
  /** An encrypted PEM key still leaks key material, but needs its passphrase. */
  encrypted?: boolean;
}

export interface KeyMaterialRow {
  id: "pem-private-key" | "jwk-private" | "env-symmetric-key";
  title: string;
  /** Cheap pre-filter (lower-case substrings). */
  keywords: string[];
  find(text: string): KeyMaterialMatch[];
}

const B64_CHARS = /[A-Za-z0-9+/=]/g;

/** Keeps the first 4 and last 2 characters: enough to recognise, useless to an attacker. */
export function maskSecret(s: string): string {
  if (s.length <= 8) return "****";
  return `${s.slice(0, 4)}****${s.slice(-2)}`;
}

function findPem(text: string): KeyMaterialMatch[] {
  const out: KeyMaterialMatch[] = [];
  const re = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
  for (const m of text.matchAll(re)) {
    const start = (m.index ?? 0) + m[0].length;
    // JSON bodies carry the key with escaped newlines; header lines (Proc-Type …) are not key bytes.
    const tail = text.slice(start, start + 8000).split("-----")[0] ?? "";
    const body = tail
      .replace(/\\[rn]/g, "\n")
      .split("\n")
      .filter((l) => !/^[\w-]+:/.test(l.trim()))
      .join("");
    const b64 = body.match(B64_CHARS)?.length ?? 0;
    if (b64 < 64 || /\.\.\.|…|<|REDACTED/i.test(body.slice(0, 200))) continue;
    const kind = m[1] ?? "PRIVATE KEY";
    out.push({
      row: "pem-private-key",
      label: kind,
      index: m.index ?? 0,
      masked: `-----BEGIN ${kind}-----${maskSecret(body.replace(/\s/g, "").slice(0, 24))}…`,
      encrypted: /ENCRYPTED/.test(kind) || /Proc-Type:\s*4,ENCRYPTED/.test(tail),
    });
  }
  return out;
}

const JWK_PRIVATE_MEMBERS: Record<string, string[]> = {
  RSA: ["d", "p", "q", "dp", "dq", "qi"],
  EC: ["d"],
  OKP: ["d"],
  oct: ["k"],
};

function findJwk(text: string): KeyMaterialMatch[] {
  const out: KeyMaterialMatch[] = [];
  const seen = new Set<number>();
  for (const m of text.matchAll(/"kty"\s*:\s*"(RSA|EC|OKP|oct)"/g)) {
    const obj = enclosingObject(text, m.index ?? 0);
    if (!obj || seen.has(obj.start)) continue;
    seen.add(obj.start);
    let jwk: Record<string, unknown>;
    try {
      jwk = JSON.parse(obj.text) as Record<string, unknown>;
    } catch {
      continue;
    }
    const kty = m[1] ?? "";
    const present = (JWK_PRIVATE_MEMBERS[kty] ?? []).filter((k) => typeof jwk[k] === "string" && /^[A-Za-z0-9_-]{16,}$/.test(jwk[k] as string));
    if (present.length === 0) continue;
    const first = present[0] ?? "d";
    out.push({
      row: "jwk-private",
      label: kty === "oct" ? "JWK (oct) symmetric key k" : `JWK (${kty}) with private member${present.length > 1 ? "s" : ""} ${present.join(", ")}`,
      index: obj.start,
      masked: `{"kty":"${kty}",…,"${first}":"${maskSecret(jwk[first] as string)}"}`,
    });
  }
  return out;
}

/** The smallest balanced {...} around `at` (string-aware), bounded to 16 KiB. */
function enclosingObject(text: string, at: number): { start: number; text: string } | null {
  for (let start = at; start >= 0 && at - start < 16384; start--) {
    if (text[start] !== "{") continue;
    let depth = 0;
    let inStr = false;
    for (let i = start; i < text.length && i - start < 16384; i++) {
      const c = text[i];
      if (inStr) {
        if (c === "\\") i++;
        else if (c === '"') inStr = false;
      } else if (c === '"') inStr = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        if (i >= at) return { start, text: text.slice(start, i + 1) };
        break;
      }
    }
  }
  return null;
}

/** Variable names that hold keys/secrets (env style, snake, camel), optionally naming the encoding
 *  (`ENCRYPTION_KEY_B64`, `signingKeyHex`). */
const KEY_NAME =
  /(?:^|[_.-])(?:key|secret|secret_key_base)(?:[_.-]?(?:b64|base64|hex|bytes))?$|[a-z0-9](?:Key|Secret)(?:B64|Base64|Hex|Bytes)?$|^(?:secret|app_key)$/i;
/** Names that end in KEY/SECRET but are identifiers, public values or credentials other checks cover. */
const NOT_A_KEY =
  /public|publishable|api[_-]?key|apikey|site[_-]?key|sitekey|client[_-]?(?:id|secret)|clientsecret|access[_-]?key|accesskey|key[_-]?(?:id|name|path|file|type)$|primary[_-]?key|foreign[_-]?key|cache[_-]?key|idempotency|sort[_-]?key|partition[_-]?key|license[_-]?key|storage[_-]?key|object[_-]?key|^key$/i;

/** Byte lengths of symmetric keys in common use (AES-128/192/256, HMAC-SHA-384/512, Rails 64). */
const KEY_BYTES = new Set([16, 24, 32, 48, 64]);

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** Byte length when `v` is a random-looking hex or base64(url) key, else null. */
export function keyLength(v: string): number | null {
  if (/^[0-9a-fA-F]+$/.test(v)) {
    return v.length % 2 === 0 && KEY_BYTES.has(v.length / 2) && entropy(v) >= 3.0 ? v.length / 2 : null;
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return null;
  const bare = v.replace(/=+$/, "");
  const bytes = Math.floor((bare.length * 3) / 4);
  // Random base64 mixes cases and digits; words and identifiers do not.
  const mixed = /[A-Z]/.test(bare) && /[a-z]/.test(bare) && /[0-9]/.test(bare);
  return KEY_BYTES.has(bytes) && mixed && entropy(bare) >= 4.0 ? bytes : null;
}

/**
 * What any reportable match below contains: a name ending like KEY_NAME (key or secret, maybe an encoding)
 * right before its `:`/`=` and 16 value characters. Tested first: the full pattern tries every name
 * length at every word, and the keyword gate passes most answers (`WWW-Authenticate: ApiKey`).
 */
const ENV_KEY_HINT = /(?:key|secret|secret_key_base)(?:[_.-]?(?:b64|base64|hex|bytes))?["']?\s*[:=]\s*["']?(?:base64:)?[A-Za-z0-9+/_=-]{16}/i;

function findEnvKeys(text: string): KeyMaterialMatch[] {
  const out: KeyMaterialMatch[] = [];
  if (!ENV_KEY_HINT.test(text)) return out;
  const re = /(["']?)([A-Za-z_][A-Za-z0-9_.-]{1,63})\1\s*[:=]\s*["']?(base64:)?([A-Za-z0-9+/_=-]{16,200})(?![A-Za-z0-9+/_=-])/g;
  for (const m of text.matchAll(re)) {
    const name = m[2] ?? "";
    const value = m[4] ?? "";
    if (!KEY_NAME.test(name) || NOT_A_KEY.test(name)) continue;
    const bytes = keyLength(value);
    if (bytes === null) continue;
    out.push({
      row: "env-symmetric-key",
      label: `${name} (${bytes}-byte key)`,
      index: m.index ?? 0,
      masked: `${name}=${m[3] ?? ""}${maskSecret(value)}`,
    });
  }
  return out;
}

export const KEY_MATERIAL_ROWS: readonly KeyMaterialRow[] = [
  { id: "pem-private-key", title: "PEM private key", keywords: ["private key-----"], find: findPem },
  { id: "jwk-private", title: "JWK with private key members", keywords: ['"kty"'], find: findJwk },
  {
    id: "env-symmetric-key",
    title: "symmetric key in an env-style variable",
    keywords: ["key", "secret"],
    find: findEnvKeys,
  },
];

/** The characters of each row's keywords (see containsAny). */
const KEY_KEYWORD_CHARS = new Map(KEY_MATERIAL_ROWS.map((r) => [r, r.keywords.map(charSet)]));

export function findKeyMaterial(text: string): KeyMaterialMatch[] {
  const lower = lowerCase(text);
  return KEY_MATERIAL_ROWS.filter((r) => containsAny(lower, r.keywords, KEY_KEYWORD_CHARS.get(r)!)).flatMap((r) => r.find(text));
}
