// Property-name tables for authorization checks: what a field's name says about its content or power.
// Names are matched after normalisation (lower-case, `_`/`-` removed), so `is_admin`, `isAdmin`, `is-admin` agree.
import { boundedMemo } from "../core/bounded-memo.js";

// Analyzers ask about every property name of every response, and APIs repeat a few names endlessly.
const normalised = boundedMemo((name: string) => name.toLowerCase().replace(/[_\-\s.]/g, ""), 4096);

export function normaliseField(name: string): string {
  return normalised(name);
}

/** Response fields that should never reach a client (credentials, hashes, secrets, raw identifiers). */
export const SENSITIVE_FIELDS: readonly { name: string; kind: string }[] = [
  { name: "password", kind: "password" },
  { name: "passwd", kind: "password" },
  { name: "pwd", kind: "password" },
  { name: "passwordhash", kind: "password hash" },
  { name: "hashedpassword", kind: "password hash" },
  { name: "passwordsalt", kind: "password salt" },
  { name: "salt", kind: "password salt" },
  { name: "pinhash", kind: "PIN hash" },
  { name: "pin", kind: "PIN" },
  { name: "secret", kind: "secret" },
  { name: "clientsecret", kind: "client secret" },
  { name: "apikey", kind: "API key" },
  { name: "apisecret", kind: "API secret" },
  { name: "privatekey", kind: "private key" },
  { name: "accesstoken", kind: "access token" },
  { name: "refreshtoken", kind: "refresh token" },
  { name: "sessiontoken", kind: "session token" },
  { name: "authtoken", kind: "auth token" },
  { name: "resettoken", kind: "password-reset token" },
  { name: "passwordresettoken", kind: "password-reset token" },
  { name: "otpsecret", kind: "OTP secret" },
  { name: "mfasecret", kind: "MFA secret" },
  { name: "totpsecret", kind: "TOTP secret" },
  { name: "ssn", kind: "SSN" },
  { name: "socialsecuritynumber", kind: "SSN" },
  { name: "cvv", kind: "card security code" },
  { name: "cvc", kind: "card security code" },
  { name: "cardnumber", kind: "card number" },
  { name: "creditcard", kind: "card number" },
  { name: "creditcardnumber", kind: "card number" },
  { name: "pan", kind: "card number" },
  { name: "isinternal", kind: "internal flag" },
  { name: "internalnotes", kind: "internal notes" },
];

const SENSITIVE_BY_NAME = new Map(SENSITIVE_FIELDS.map((f) => [f.name, f.kind]));

/** Pagination and CSRF tokens are meant for clients. */
const CLIENT_TOKENS = /^(next|prev|previous|page|continuation|cursor|csrf|xsrf|sync|idempotency)/;

export function sensitiveFieldKind(name: string): string | null {
  const n = normaliseField(name);
  if (CLIENT_TOKENS.test(n)) return null;
  return SENSITIVE_BY_NAME.get(n) ?? null;
}

/** Fields that grant power or describe privilege (roles, admin flags, scopes). */
export const PRIVILEGE_FIELDS: readonly string[] = [
  "role",
  "roles",
  "isadmin",
  "admin",
  "issuperuser",
  "superuser",
  "isstaff",
  "permissions",
  "permission",
  "scope",
  "scopes",
  "groups",
  "privileges",
  "accesslevel",
  "usertype",
  "isroot",
  "authorities",
];

/** Request fields that a client must not set: privilege, money, ownership, verification state. */
export const MASS_ASSIGNMENT_FIELDS: readonly { name: string; why: string }[] = [
  ...PRIVILEGE_FIELDS.map((name) => ({ name, why: "privilege" })),
  { name: "balance", why: "money" },
  { name: "credit", why: "money" },
  { name: "credits", why: "money" },
  { name: "discount", why: "money" },
  { name: "price", why: "money" },
  { name: "ownerid", why: "ownership" },
  { name: "owner", why: "ownership" },
  { name: "userid", why: "ownership" },
  { name: "accountid", why: "ownership" },
  { name: "tenantid", why: "ownership" },
  { name: "organizationid", why: "ownership" },
  { name: "verified", why: "verification state" },
  { name: "isverified", why: "verification state" },
  { name: "emailverified", why: "verification state" },
  { name: "approved", why: "verification state" },
  { name: "isapproved", why: "verification state" },
  { name: "active", why: "account state" },
  { name: "isactive", why: "account state" },
  { name: "createdat", why: "server-set" },
  { name: "updatedat", why: "server-set" },
];

const MASS_BY_NAME = new Map(MASS_ASSIGNMENT_FIELDS.map((f) => [f.name, f.why]));

export function massAssignmentReason(name: string): string | null {
  return MASS_BY_NAME.get(normaliseField(name)) ?? null;
}

const PRIVILEGE_SET: ReadonlySet<string> = new Set(PRIVILEGE_FIELDS);

export function isPrivilegeField(name: string): boolean {
  return PRIVILEGE_SET.has(normaliseField(name));
}

/** Parameter or property names that take a URL (SSRF / open-redirect surface). */
export const URL_FIELD = /^(url|uri|link|href|callback|callbackurl|webhook|webhookurl|redirect|redirecturl|redirecturi|returnurl|returnto|next|image|imageurl|avatarurl|feed|feedurl|dest|destination|target|targeturl|proxy|fetch|source|sourceurl|endpoint)$/;

export function isUrlField(name: string): boolean {
  return URL_FIELD.test(normaliseField(name));
}
