// Safe views of a recorded response body for detectors: textual or not, JSON-unescaped text, parsed JSON
// (memoised for recent responses), a bounded iterative walk. Hostile bodies (binary, 1 MiB, 100k-deep nesting,
// invalid UTF-8) must never throw or recurse.
import { boundedMemo } from "../core/bounded-memo.js";
import type { Exchange, RecordedResponse } from "../core/types.js";
import { parsedUrl } from "./memo.js";

const BINARY_TYPES = /^(?:image|audio|video|font)\/|application\/(?:octet-stream|zip|gzip|x-gzip|pdf|x-tar|vnd\.ms-|x-protobuf|protobuf|grpc|wasm)/i;

/** Whether a body is worth scanning as text: not a binary media type and not mostly replacement/NUL chars. */
export function isTextual(res: RecordedResponse): boolean {
  if (!res.body) return false;
  if (BINARY_TYPES.test(res.contentType)) return false;
  // The first 2048 code units, counted in place (no copy): U+FFFD and NUL are single code units, never
  // halves of a surrogate pair.
  const body = res.body;
  const end = Math.min(body.length, 2048);
  let bad = 0;
  for (let i = 0; i < end; i++) {
    const c = body.charCodeAt(i);
    if (c === 0xfffd || c === 0) bad++;
  }
  return bad <= end * 0.1;
}

export function isJsonType(contentType: string): boolean {
  return /[/+]json\b/i.test(contentType);
}

/** The body, plus (when it holds JSON string escapes) a copy with `\n`, `\t`, `\"`, `\/` unescaped. */
export function textViews(body: string): string[] {
  if (!/\\[ntr"/]/.test(body)) return [body];
  const unescaped = body.replace(/\\r\\n|\\n|\\r/g, "\n").replace(/\\t/g, "\t").replace(/\\(["/\\])/g, "$1");
  return [body, unescaped];
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Parsed bodies of the responses asked about most recently. Analyzers ask about one response after
 * another and checks about the few answers they are comparing: a short memory serves both, where one
 * entry per response would keep every parsed body alive until the scan ends.
 */
const RECENT_PARSED = 32;
/**
 * Bodies up to this size are remembered by their text: an API answers many requests with the same
 * body (the same 401, the same list, the same error), and each is parsed (and walked) once. Larger ones
 * by their response, as few as before: a body of up to the scan's cap must not be kept 64 times over.
 */
const BY_TEXT_MAX = 16 * 1024;

/**
 * Parsed JSON body, or null when the body is not JSON (or truncated). Memoised for recent responses and
 * recent short texts; the response asked last is answered without a map lookup (every analyzer of an
 * exchange asks). The value is shared by everyone who asks about that body: read it, never modify it.
 */
export function parseJsonBody(res: RecordedResponse): { value: Json } | null {
  if (res !== lastParsedResponse) {
    lastParsed = res.truncated ? null : res.body.length <= BY_TEXT_MAX ? parsedText(res.body) : recentParsed(res);
    lastParsedResponse = res;
  }
  return lastParsed;
}

let lastParsedResponse: RecordedResponse | null = null;
let lastParsed: { value: Json } | null = null;

function parseJsonText(body: string): { value: Json } | null {
  if (!/^\s*[{[]/.test(body)) return null;
  try {
    return { value: JSON.parse(body) as Json };
  } catch {
    return null;
  }
}

const parsedText = boundedMemo(parseJsonText, 2 * RECENT_PARSED);
const recentParsed = boundedMemo((res: RecordedResponse) => parseJsonText(res.body), RECENT_PARSED);

export interface JsonLeaf {
  /** The nearest property name (array items inherit their parent's key). */
  key: string | null;
  /** Dotted path, e.g. `items.3.ssn` (capped at 12 segments). */
  path: string;
  value: string | number | boolean | null;
}

/** Path segments kept in a leaf's path (deeper segments are not appended). */
const MAX_PATH_SEGMENTS = 12;

/**
 * Iterative depth-first walk over leaves, as a list; stops after `maxLeaves` and ignores nesting beyond
 * `maxDepth` (depth counted in kept path segments). Paths are built as strings on the way down. Several
 * analyzers walk each response's parsed body with limits that differ only in how many leaves they take:
 * those share one walk of the body (see sharedWalk). The list is shared: read it, never modify it.
 */
export function walkJson(root: Json, maxLeaves = 100_000, maxDepth = 64): readonly JsonLeaf[] {
  // Depth never exceeds the kept segments, so any larger maxDepth walks the same leaves.
  if (root !== null && typeof root === "object" && maxDepth > MAX_PATH_SEGMENTS && maxLeaves <= SHARED_WALK_LEAVES) {
    const all = sharedWalk(root);
    return all.length <= maxLeaves ? all : all.slice(0, maxLeaves);
  }
  return collectLeaves(root, maxLeaves, maxDepth);
}

/**
 * `judge` of a walked body, remembered with the walk (identical bodies share one walk, see sharedWalk):
 * for analyzers whose verdict depends on the leaves alone. Shared between callers: read it, never modify it.
 */
export function perWalk<T>(judge: (leaves: readonly JsonLeaf[]) => T): (leaves: readonly JsonLeaf[]) => T {
  const judged = new WeakMap<readonly JsonLeaf[], { value: T }>();
  return (leaves) => {
    let known = judged.get(leaves);
    if (!known) judged.set(leaves, (known = { value: judge(leaves) }));
    return known.value;
  };
}

/** Leaves of one shared walk (analyzers ask for up to 50,000). */
const SHARED_WALK_LEAVES = 50_000;

/** The full shared walk of the few bodies asked about last (analyzers go response by response). */
const recentWalks = boundedMemo((root: Json) => collectLeaves(root, SHARED_WALK_LEAVES, Number.POSITIVE_INFINITY), 4);
/**
 * Short walks stay with their body's parsed root for as long as it is remembered (a root parsed once
 * for many identical bodies is walked once): kept by the root, gone with it.
 */
const SMALL_WALK = 2_000;
const smallWalks = new WeakMap<object, JsonLeaf[]>();
let lastWalkRoot: Json | undefined;
let lastWalk: JsonLeaf[] = [];

function sharedWalk(root: Json & object): JsonLeaf[] {
  if (root !== lastWalkRoot) {
    let walk = smallWalks.get(root);
    if (!walk) {
      walk = recentWalks(root);
      if (walk.length <= SMALL_WALK) smallWalks.set(root, walk);
    }
    lastWalk = walk;
    lastWalkRoot = root;
  }
  return lastWalk;
}

function collectLeaves(root: Json, maxLeaves: number, maxDepth: number): JsonLeaf[] {
  const out: JsonLeaf[] = [];
  const stack: WalkFrame[] = [{ node: root, key: null, path: "", depth: 0 }];
  while (stack.length > 0) {
    const { node, key, path, depth } = stack.pop()!;
    if (node === null || typeof node !== "object") {
      out.push({ key, path, value: node });
      if (out.length >= maxLeaves) return out;
      continue;
    }
    if (depth >= maxDepth) continue;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push(childFrame(node[i] as Json, key, path, depth, String(i)));
    } else {
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push(childFrame(node[k] as Json, k, path, depth, k));
      }
    }
  }
  return out;
}

interface WalkFrame {
  node: Json;
  key: string | null;
  path: string;
  /** Segments in `path` (at most MAX_PATH_SEGMENTS). */
  depth: number;
}

function childFrame(node: Json, key: string | null, path: string, depth: number, seg: string): WalkFrame {
  if (depth >= MAX_PATH_SEGMENTS) return { node, key, path, depth };
  return { node, key, path: depth === 0 ? seg : `${path}.${seg}`, depth: depth + 1 };
}

/** The largest array in a JSON document (top level, or one level down such as `data`/`items`/`results`). */
export function largestArray(root: Json): { path: string; length: number } | null {
  if (Array.isArray(root)) return { path: "", length: root.length };
  if (root === null || typeof root !== "object") return null;
  let best: { path: string; length: number } | null = null;
  for (const [k, v] of Object.entries(root)) {
    const candidate = Array.isArray(v)
      ? { path: k, length: v.length }
      : v !== null && typeof v === "object"
        ? largestArrayShallow(v, k)
        : null;
    if (candidate && (!best || candidate.length > best.length)) best = candidate;
  }
  return best;
}

function largestArrayShallow(node: { [key: string]: Json } | Json[], prefix: string): { path: string; length: number } | null {
  if (Array.isArray(node)) return null;
  let best: { path: string; length: number } | null = null;
  for (const [k, v] of Object.entries(node)) {
    if (Array.isArray(v) && (!best || v.length > best.length)) best = { path: `${prefix}.${k}`, length: v.length };
  }
  return best;
}

/** An OpenAPI/Swagger document or an API docs page: example values there are not leaks. */
export function isApiDocument(ex: Exchange): boolean {
  const res = ex.response;
  if (!res) return false;
  const head = res.body.slice(0, 4096);
  if (/"(?:openapi|swagger)"\s*:\s*"\d/.test(head) || /^\s*(?:openapi|swagger)\s*:\s*["']?\d/m.test(head)) return true;
  return /swagger-ui|<redoc|redoc\.standalone|graphiql|@scalar\/api-reference|<rapi-doc/i.test(head);
}

/** Request line for evidence: `GET /users/2?x=1` (path and query of the recorded URL). */
export function requestLine(ex: Exchange): string {
  const u = parsedUrl(ex.request.url);
  return u ? `${ex.request.method} ${u.pathname}${u.search}` : `${ex.request.method} ${ex.request.url}`;
}

/** Path of the recorded URL (for findings on exchanges without a spec operation). */
export function requestPath(ex: Exchange): string {
  return parsedUrl(ex.request.url)?.pathname ?? ex.request.url;
}
