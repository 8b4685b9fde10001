// What makes an operation look administrative, and how privileged an identity is: from what the API
// says about it (role/scope/admin claims in its JWT, its "me" answer), its label only when the API is silent.
import type { Identity, Operation, RecordedResponse } from "../../core/types.js";
import { jwtFromCredentialValue } from "../../jwt/index.js";
import { normaliseField } from "../../patterns/field-names.js";
import { parseJsonBody, walkJson, type Json } from "../../patterns/text.js";

/** Words (whole tokens of a path, tag or operationId) that mark administrative functions. */
export const ADMIN_WORDS: readonly string[] = [
  "admin", "admins", "administrator", "administration", "adminpanel", "internal", "manage", "management", "staff",
  "superuser", "superadmin", "sysadmin", "backoffice", "sudo", "privileged",
];

/** Identity labels that name a privileged role (`--auth @admin=…`): never the "lower" identity. */
export const PRIVILEGED_LABELS: readonly string[] = ["admin", "administrator", "root", "superuser", "superadmin", "sysadmin", "owner", "staff", "manager", "operator", "ops", "support"];

/** `getAdminUsers`, `/internal/stats`, `back-office` → lower-case tokens. */
export function tokens(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

// A token equal to an admin word is a substring of the lower-cased text: text holding none of them as a
// substring has no hit, and most operations are judged by this one test instead of tokenising.
const ANY_ADMIN_WORD = new RegExp(ADMIN_WORDS.join("|"), "iu"); // u: the Kelvin sign lower-cases to k, so it matches k
const adminReasons = new WeakMap<Operation, string | null>();

/** Why an operation looks administrative (`path segment 'admin'`), or null (judged once per operation). */
export function adminReason(op: Operation): string | null {
  let reason = adminReasons.get(op);
  if (reason === undefined) adminReasons.set(op, (reason = judgeAdmin(op)));
  return reason;
}

function judgeAdmin(op: Operation): string | null {
  const hit = (text: string) => (ANY_ADMIN_WORD.test(text) ? tokens(text).find((t) => ADMIN_WORDS.includes(t)) : undefined);
  const inPath = hit(op.path.replace(/\{[^}]*\}/g, ""));
  if (inPath) return `path word '${inPath}'`;
  for (const tag of op.tags) {
    const t = hit(tag);
    if (t) return `tag '${tag}'`;
  }
  const id = op.operationId ? hit(op.operationId) : undefined;
  return id ? `operationId '${op.operationId}'` : null;
}

export function isPrivilegedLabel(label: string): boolean {
  return tokens(label).some((t) => PRIVILEGED_LABELS.includes(t) || ADMIN_WORDS.includes(t));
}

/** Claims and fields that state privilege (normalised names); namespaced claims match by their last part. */
export const PRIVILEGE_CLAIMS: readonly string[] = [
  "role", "roles", "scope", "scopes", "scp", "groups", "group", "permissions", "permission", "authorities", "privileges",
  "isadmin", "admin", "issuperuser", "superuser", "isstaff", "staff", "usertype", "accesslevel",
];

/** Boolean flags whose `true` means privileged. */
const PRIVILEGE_FLAGS = new Set(["isadmin", "admin", "issuperuser", "superuser", "isstaff", "staff"]);

export type Privilege = "privileged" | "ordinary";

/** What a set of claims or fields says: privileged when a privilege value names an admin role, ordinary when
 *  privilege values exist but none does, null when nothing is said. */
export function privilegeIn(value: Json): Privilege | null {
  let said = false;
  for (const leaf of walkJson(value, 2000, 6)) {
    const last = (leaf.key ?? "").split(/[/:]/).pop() ?? "";
    const n = normaliseField(last);
    // Array items carry their array's key (`roles: ["admin"]`, `realm_access.roles`).
    const name = PRIVILEGE_CLAIMS.includes(n) ? n : null;
    if (!name || leaf.value === null) continue;
    said = true;
    if (typeof leaf.value === "boolean") {
      if (leaf.value && PRIVILEGE_FLAGS.has(name)) return "privileged";
      continue;
    }
    if (tokens(String(leaf.value)).some((t) => PRIVILEGED_LABELS.includes(t) || ADMIN_WORDS.includes(t))) return "privileged";
  }
  return said ? "ordinary" : null;
}

/** The identity's privilege by what the API says: its JWT claims, then its "me" answers; null when silent. */
export function privilegeOf(identity: Identity, selfAnswers: readonly RecordedResponse[] = []): Privilege | null {
  let verdict: Privilege | null = null;
  const sources: Json[] = [];
  for (const c of identity.credentials) {
    const jwt = jwtFromCredentialValue(c.value);
    if (jwt) sources.push(jwt.payload as Json);
  }
  for (const res of selfAnswers) {
    const v = res.status >= 200 && res.status < 300 ? parseJsonBody(res)?.value : undefined;
    if (v !== undefined && v !== null && typeof v === "object") sources.push(v);
  }
  for (const source of sources) {
    const p = privilegeIn(source);
    if (p === "privileged") return p;
    verdict ??= p;
  }
  return verdict;
}

/** Privileged by what the API says, else (when it says nothing) by a label that names a privileged role. */
export function isPrivileged(identity: Identity, selfAnswers: readonly RecordedResponse[] = []): boolean {
  const said = privilegeOf(identity, selfAnswers);
  return said ? said === "privileged" : isPrivilegedLabel(identity.label);
}

/** Identities known to be ordinary: the API says so, or it is silent and the label names no privileged role
 *  (the unlabelled `default` is then unknown: skipped). */
export function lowerIdentities(identities: readonly Identity[], selfAnswers: (label: string) => readonly RecordedResponse[] = () => []): Identity[] {
  return identities.filter((i) => {
    const said = privilegeOf(i, selfAnswers(i.label));
    if (said) return said === "ordinary";
    return i.label !== "default" && !isPrivilegedLabel(i.label);
  });
}

/** Keys of bodies that say nothing (health and status answers). */
export const TRIVIAL_KEYS: readonly string[] = ["status", "ok", "healthy", "health", "message", "version", "uptime", "timestamp", "time", "alive", "ready", "live", "build", "commit", "detail", "error"];
