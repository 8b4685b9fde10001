// JSON Pointer (RFC 6901) helpers: escaping tokens, parsing `#/a/b` fragments.

export function escapeToken(token: string): string {
  const tilde = token.includes("~");
  if (!tilde && !token.includes("/")) return token;
  return (tilde ? token.replaceAll("~", "~0") : token).replaceAll("/", "~1");
}

export function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Pointer from tokens: ["paths", "/users", "get"] → `/paths/~1users/get`. */
export function toPointer(tokens: readonly (string | number)[]): string {
  let out = "";
  for (const t of tokens) out += `/${escapeToken(String(t))}`;
  return out;
}

/**
 * Tokens of a URI fragment holding a JSON pointer (`/components/schemas/Pet`, percent-encoded as
 * URI fragments are). Returns null for a fragment that is not a pointer (a plain-name anchor).
 */
export function fragmentTokens(fragment: string): string[] | null {
  if (fragment === "" || fragment === "/") return fragment === "" ? [] : [""];
  if (!fragment.startsWith("/")) return null;
  return fragment
    .slice(1)
    .split("/")
    .map((t) => unescapeToken(safeDecode(t)));
}

function safeDecode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Child of an object or array by token, or undefined. Own properties only. */
export function child(node: unknown, token: string): unknown {
  if (Array.isArray(node)) {
    if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
    return node[Number(token)];
  }
  if (isObject(node) && Object.prototype.hasOwnProperty.call(node, token)) return node[token];
  return undefined;
}

/** Sets an own property; a key named `__proto__` (legal in JSON/YAML) becomes data, not a prototype. */
export function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/**
 * An empty record for keys that read as array indexes (HTTP status codes). An engine keeps such keys as
 * elements, and a plain object given "200" first makes room for every index up to it: about 2.6 KB for
 * one status code, on every operation of the API model. A record whose elements start sparse holds a few
 * codes in about 200 bytes; otherwise it is any plain object (same keys, order and JSON).
 */
export function statusKeyedRecord<T>(): Record<string, T> {
  const out: Record<string, T> = {};
  const farthest = "4294967294"; // the largest array index: a store up to it is never made, a sparse one is
  out[farthest] = undefined as T;
  delete out[farthest];
  return out;
}
