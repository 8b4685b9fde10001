// Secrets in any JSON shape: a walk over a parsed response that pairs every value with the name it is
// stored under — an object key (`DB_PASSWORD: …`), a name/value pair (`{"name": "API_TOKEN", "value": …}`,
// `{"k": …, "v": …}`), a `[name, value]` tuple, or an env line (`"SECRET_KEY=…"`) — wherever it sits, so an
// environment dump under any key is found whatever the path. Bounded: hostile bodies are walked in part.
import { normaliseField } from "./field-names.js";
import type { Json } from "./text.js";
import { isPlaceholder } from "./validators.js";

/** Key names (normalised: lower-case, no `_`/`-`) whose values are secrets, by the word they end with. */
const SECRET_ENDINGS: readonly { word: string; kind: string; min: number }[] = [
  { word: "password", kind: "password", min: 6 },
  { word: "passwd", kind: "password", min: 6 },
  { word: "passphrase", kind: "password", min: 6 },
  { word: "pwd", kind: "password", min: 6 },
  { word: "pass", kind: "password", min: 6 },
  { word: "clientsecret", kind: "client secret", min: 12 },
  { word: "secretkey", kind: "secret key", min: 12 },
  { word: "secret", kind: "secret", min: 12 },
  { word: "apikey", kind: "API key", min: 12 },
  { word: "accesskey", kind: "access key", min: 12 },
  { word: "privatekey", kind: "private key", min: 12 },
  { word: "signingkey", kind: "signing key", min: 12 },
  { word: "encryptionkey", kind: "encryption key", min: 12 },
  { word: "connectionstring", kind: "connection string", min: 12 },
];

/** `token` counts only in environment-style names (`GITHUB_TOKEN`, `API_TOKEN`): a JSON `access_token`
 *  in a login answer is the API doing its job, and `next_page_token` / `csrf_token` are not credentials. */
const ENV_TOKEN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*_(?:TOKEN|AUTH_TOKEN|ACCESS_TOKEN)$/;
const NOT_SECRET_NAME = /(?:type|policy|hint|length|required|enabled|changed|expires|expiry|url|field|name|id|set|reset|format|rules|strength|min|max)$/;
const NAME_FIELDS = ["name", "key", "k", "env", "variable", "var", "setting"];
const VALUE_FIELDS = ["value", "v", "val", "secret"];
const ENV_LINE = /^([A-Za-z_][A-Za-z0-9_.-]{1,80})=(.+)$/;
/** Password hashes are their own finding (encryption.weak-password-hash-exposed); references are not values. */
const NOT_A_VALUE = /^(?:\$2[aby]?\$|\$argon2|\$pbkdf2|pbkdf2_|\$\{|\{\{|env:|vault:|secretref:|arn:aws:secretsmanager|(?:true|false|null|none|undefined)$)/i;

export interface JsonSecret {
  /** Where it sits: `$.meta.runtime.vars[0]`. */
  path: string;
  /** The name it is stored under, as written. */
  name: string;
  kind: string;
  value: string;
}

export interface JsonSecretOptions {
  maxNodes?: number;
  limit?: number;
}

function kindOf(name: string): { kind: string; min: number } | null {
  if (ENV_TOKEN.test(name)) return { kind: "token", min: 12 };
  const n = normaliseField(name);
  if (NOT_SECRET_NAME.test(n) && !n.endsWith("pass") && !/(?:password|secret|key|pwd)$/.test(n)) return null;
  const row = SECRET_ENDINGS.find((r) => n === r.word || n.endsWith(r.word));
  if (!row) return null;
  // `bypass`, `compass`, `surpass`: words ending in "pass" that are not passwords.
  if (row.word === "pass" && /(?:by|com|sur|tres|over|under|mass|bus)pass$/.test(n)) return null;
  return row;
}

function plausible(value: string, min: number): boolean {
  const v = value.trim();
  if (v.length < min || v.length > 4096 || NOT_A_VALUE.test(v) || isPlaceholder(v)) return false;
  if (/^\d+(?:\.\d+)?$/.test(v) && v.length < 10) return false; // a count, a port, a version
  return !/^https?:\/\/[^@\s]+$/i.test(v); // a plain URL names a place, not a secret
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => v !== null && typeof v === "object" && !Array.isArray(v);

/** Every secret-named value of a parsed JSON body, in document order. */
export function findJsonSecrets(root: Json, opts: JsonSecretOptions = {}): JsonSecret[] {
  const maxNodes = opts.maxNodes ?? 20_000;
  const limit = opts.limit ?? 50;
  const out: JsonSecret[] = [];
  const seen = new Set<string>();
  const add = (path: string, name: string, value: Json | undefined) => {
    if (typeof value !== "string" || out.length >= limit) return;
    const kind = kindOf(name);
    if (!kind || !plausible(value, kind.min) || seen.has(`${name}\u0000${value}`)) return;
    seen.add(`${name}\u0000${value}`);
    out.push({ path, name, kind: kind.kind, value });
  };
  const stack: { v: Json; path: string }[] = [{ v: root, path: "$" }];
  let nodes = 0;
  while (stack.length > 0 && nodes++ < maxNodes && out.length < limit) {
    const { v, path } = stack.pop()!;
    if (typeof v === "string") {
      const line = ENV_LINE.exec(v.trim());
      if (line?.[1] && line[2]) add(path, line[1], line[2]);
      else if (v.includes("\n")) for (const l of v.split("\n").slice(0, 500)) {
        const m = ENV_LINE.exec(l.trim());
        if (m?.[1] && m[2]) add(path, m[1], m[2].replace(/^["']|["']$/g, ""));
      }
      continue;
    }
    if (Array.isArray(v)) {
      if (v.length === 2 && typeof v[0] === "string" && typeof v[1] === "string") add(path, v[0], v[1]);
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i]!, path: `${path}[${i}]` });
      continue;
    }
    if (!isObject(v)) continue;
    const keys = Object.keys(v);
    const nameKey = keys.find((k) => NAME_FIELDS.includes(k.toLowerCase()) && typeof v[k] === "string");
    const valueKey = keys.find((k) => VALUE_FIELDS.includes(k.toLowerCase()));
    if (nameKey && valueKey && keys.length <= 4) add(path, String(v[nameKey]), v[valueKey]);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const child = v[k]!;
      const childPath = /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
      if (typeof child === "string") add(childPath, k, child);
      stack.push({ v: child, path: childPath });
    }
  }
  return out;
}
