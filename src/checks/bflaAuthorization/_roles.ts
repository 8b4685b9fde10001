// What makes an operation look administrative, and which identity labels name privileged roles.
import type { Identity, Operation } from "../../core/types.js";

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

/** Why an operation looks administrative (`path segment 'admin'`), or null. */
export function adminReason(op: Operation): string | null {
  const hit = (text: string) => tokens(text).find((t) => ADMIN_WORDS.includes(t));
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

/** Labelled identities that do not name a privileged role (the unlabelled `default` is unknown: skipped). */
export function lowerIdentities(identities: readonly Identity[]): Identity[] {
  return identities.filter((i) => i.label !== "default" && !isPrivilegedLabel(i.label));
}

/** Keys of bodies that say nothing (health and status answers). */
export const TRIVIAL_KEYS: readonly string[] = ["status", "ok", "healthy", "health", "message", "version", "uptime", "timestamp", "time", "alive", "ready", "live", "build", "commit", "detail", "error"];
