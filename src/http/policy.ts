// Safety policy of the HTTP layer: which methods a mode allows (safe: the HTTP-safe methods of RFC 9110), which operations safe mode skips
// because they name a state-changing action, and which hosts a scan may talk to.
import { boundedMemo } from "../core/bounded-memo.js";
import type { HttpMethod, Mode, Operation } from "../core/types.js";
import { STATE_CHANGING_PHRASES, STATE_CHANGING_WORDS, thirdPerson } from "./state-changing-words.js";

const BASE_WORDS = new Set<string>(STATE_CHANGING_WORDS);
const INFLECTED_WORDS = new Set<string>([...STATE_CHANGING_WORDS, ...STATE_CHANGING_WORDS.map(thirdPerson)]);

/** The methods HTTP itself defines as safe (RFC 9110 §9.2.1): read-only by definition. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);
const PASSIVE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD"]);

/** Splits an identifier or phrase into lower-case words: `deleteUser` → delete, user; `log-out` → log, out. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

// Phrases by their first word, in list order: a phrase can only start where its first word stands, so
// a word that starts none (nearly every word) is passed over without trying each phrase.
const PHRASES_BY_FIRST_WORD = new Map<string, (readonly string[])[]>();
for (const phrase of STATE_CHANGING_PHRASES) {
  const list = PHRASES_BY_FIRST_WORD.get(phrase[0]!) ?? [];
  list.push(phrase);
  PHRASES_BY_FIRST_WORD.set(phrase[0]!, list);
}

function findAction(list: string[], vocabulary: ReadonlySet<string>): string | null {
  for (let i = 0; i < list.length; i++) {
    const w = list[i] as string;
    if (vocabulary.has(w)) return w;
    const phrases = PHRASES_BY_FIRST_WORD.get(w);
    if (!phrases) continue;
    for (const phrase of phrases) {
      if (phrase.every((p, k) => list[i + k] === p)) return phrase.join("-");
    }
  }
  return null;
}

// A scan asks about every request path it sends outside active mode, and its paths share their
// segments (`/users`, `/1`): each segment is judged once, for a bounded number of segments.
const segmentAction = boundedMemo((segment: string): string | null => {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // keep the raw segment
  }
  return findAction(words(decoded), BASE_WORDS);
}, 16_384);

/** Reason a concrete or template URL path names a state-changing action, else null. */
export function unsafePathReason(path: string): string | null {
  for (const segment of path.split("/")) {
    if (segment === "" || /^\{.*\}$/.test(segment)) continue; // path parameters are data, not actions
    const action = segmentAction(segment);
    if (action) return `path segment "${segment}" names a state-changing action (${action})`;
  }
  return null;
}

type NamedOperation = Pick<Operation, "path" | "operationId" | "summary">;

// An operation's names do not change during a scan; the plan, the guard and every request ask about the
// same operation objects, so each is judged once.
const operationReasons = new WeakMap<NamedOperation, string | null>();

/** Why an operation must not be called outside active mode, or null when nothing in it names an action. */
export function unsafeOperationReason(op: NamedOperation): string | null {
  let reason = operationReasons.get(op);
  if (reason === undefined) operationReasons.set(op, (reason = judgeOperation(op)));
  return reason;
}

function judgeOperation(op: NamedOperation): string | null {
  const byPath = unsafePathReason(op.path);
  if (byPath) return byPath;
  if (op.operationId) {
    const action = findAction(words(op.operationId), INFLECTED_WORDS);
    if (action) return `operationId "${op.operationId}" names a state-changing action (${action})`;
  }
  if (op.summary) {
    const action = findAction(words(op.summary), INFLECTED_WORDS);
    if (action) return `summary names a state-changing action (${action})`;
  }
  return null;
}

function normalizePath(p: string): string {
  const trimmed = p.trim();
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, "") : trimmed;
}

/**
 * Whether the user explicitly allowed this request: entries are operation keys (`GET /reset`),
 * paths (`/reset`, template or concrete) or operationIds.
 */
export function isIncluded(
  includeOperations: readonly string[],
  method: string,
  urlPath: string,
  op?: Pick<Operation, "key" | "path" | "operationId"> | null,
): boolean {
  if (includeOperations.length === 0) return false;
  const paths = new Set([normalizePath(urlPath)]);
  if (op) paths.add(normalizePath(op.path));
  for (const raw of includeOperations) {
    const entry = raw.trim();
    if (entry === "") continue;
    if (op?.operationId && entry === op.operationId) return true;
    const m = /^([A-Za-z]+)\s+(\S+)$/.exec(entry);
    if (m?.[1] && m[2]) {
      if (m[1].toUpperCase() === method.toUpperCase() && paths.has(normalizePath(m[2]))) return true;
    } else if (paths.has(normalizePath(entry))) {
      return true;
    }
  }
  return false;
}

export interface MethodPolicyInput {
  method: HttpMethod;
  aiPrompt?: boolean;
  /** A GraphQL POST the GraphQL guard (graphql-policy.ts) found to hold only queries for a confirmed endpoint. */
  graphqlQuery?: boolean;
  body?: string | null;
  contentType?: string | undefined;
}

/** A text or JSON body: what a prompt to an AI endpoint looks like. */
export function isTextBody(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === "") return true;
  const type = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return type.startsWith("text/") || type === "application/json" || type.endsWith("+json");
}

/** Why the mode forbids this method, or null. */
export function methodRefusal(mode: Mode, req: MethodPolicyInput): string | null {
  if (mode === "active") return null;
  if (mode === "passive") {
    return PASSIVE_METHODS.has(req.method) ? null : `passive mode sends only GET and HEAD, not ${req.method}`;
  }
  if (SAFE_METHODS.has(req.method)) return null;
  if (req.method === "POST" && req.graphqlQuery) return null;
  if (req.method === "POST" && req.aiPrompt) {
    if (typeof req.body !== "string") return "safe mode allows an AI-prompt POST only with a text body";
    if (!isTextBody(req.contentType)) return `safe mode allows an AI-prompt POST only with a text or JSON body, not ${req.contentType}`;
    return null;
  }
  return `safe mode does not send ${req.method} (needs --mode active)`;
}

/** For the engine's plan: why an operation is skipped in this mode, or null when it may be called. */
export function operationSkipReason(
  op: Pick<Operation, "key" | "method" | "path" | "operationId" | "summary">,
  mode: Mode,
  includeOperations: readonly string[] = [],
): string | null {
  if (mode === "active") return null;
  const byMethod = methodRefusal(mode, { method: op.method });
  if (byMethod) return byMethod;
  if (isIncluded(includeOperations, op.method, op.path, op)) return null;
  return unsafeOperationReason(op);
}

/** Why a URL is out of scope for a target, or null. Same host on any scheme/port is in scope. */
export function scopeRefusal(url: URL, target: URL, alsoHosts: readonly string[] = []): string | null {
  if (url.protocol !== "http:" && url.protocol !== "https:") return `scheme ${url.protocol} is not HTTP`;
  const host = url.hostname.toLowerCase();
  if (host !== target.hostname.toLowerCase() && !alsoHosts.includes(host)) {
    return `host ${url.hostname} is outside the target (${target.hostname})`;
  }
  return null;
}

/** A matcher for the operations safe mode must not call, keyed by method; matches concrete URL paths. */
export interface UnsafeOperationMatcher {
  /** Reason when `method path` (relative to the target base URL) hits an unsafe operation, else null. */
  match(method: string, path: string): string | null;
}

function templateRegex(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{.*\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}/?$`);
}

/** Compiles the unsafe, not-included operations of a model (paths with `basePath` prepended). */
export function unsafeOperationMatcher(
  operations: readonly Pick<Operation, "key" | "method" | "path" | "operationId" | "summary">[],
  includeOperations: readonly string[],
  basePath = "",
): UnsafeOperationMatcher {
  const rules: { method: string; regex: RegExp; reason: string; key: string }[] = [];
  const base = basePath.replace(/\/+$/, "");
  for (const op of operations) {
    const reason = unsafeOperationReason(op);
    if (!reason || isIncluded(includeOperations, op.method, op.path, op)) continue;
    rules.push({ method: op.method, regex: templateRegex(`${base}${op.path}`), reason, key: op.key });
  }
  return {
    match(method, path) {
      const m = method.toUpperCase();
      const rule = rules.find((r) => r.method === m && r.regex.test(path));
      return rule ? `matches ${rule.key}: ${rule.reason}` : null;
    },
  };
}
