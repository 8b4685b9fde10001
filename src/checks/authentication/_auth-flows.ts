// The login, one-time-code and password-reset operations of an API, the body a wrong attempt sends,
// and the accounts the scan knows exist (its own identities). Shared by the brute-force and
// user-enumeration probes.
import { randomBytes, randomInt } from "node:crypto";
import type { CheckContext } from "../../core/check.js";
import type { Exchange, Identity, Operation } from "../../core/types.js";
import { jwtFromCredentialValue } from "../../jwt/index.js";
import { AUTH_FLOW_WORDS, fieldRole, type AuthFlowKind } from "../../patterns/auth-flows.js";
import { normaliseField } from "../../patterns/field-names.js";
import { baselineAs } from "../_shared/baseline.js";
import { objectShape } from "../_shared/schema.js";
import { objectBody } from "../bolaAuthorization/_objects.js";
import { SELF_PATH } from "../bolaAuthorization/_owner-fields.js";
import { words } from "../../http/policy.js";

export interface AuthFlow {
  op: Operation;
  kind: AuthFlowKind;
  identifier: string | null;
  /** The identifier takes an e-mail address. */
  email: boolean;
  password: string | null;
  code: string | null;
  form: boolean;
}

/** The flow an operation is, by its path words (joined pairs too: `sign-in`, `forgot_password`). */
function flowKind(op: Operation): AuthFlowKind | null {
  const w = words(op.path.replace(/\{[^}]*\}/g, ""));
  const joined = new Set([...w, ...w.slice(1).map((x, i) => `${w[i]}${x}`)]);
  return AUTH_FLOW_WORDS.find((row) => row.words.some((x) => joined.has(x)))?.kind ?? null;
}

/** POST operations with a JSON or form body that fit a flow (a login needs a password field, an OTP check a code). */
export function authFlows(ops: readonly Operation[]): AuthFlow[] {
  const out: AuthFlow[] = [];
  for (const op of ops) {
    if (op.method !== "POST" || !op.requestBody) continue;
    const form = /x-www-form-urlencoded/i.test(op.requestBody.contentType);
    if (!form && !/json/i.test(op.requestBody.contentType)) continue;
    const kind = flowKind(op);
    const shape = objectShape(op.requestBody.schema);
    if (!kind || !shape) continue;
    const flow: AuthFlow = { op, kind, identifier: null, email: false, password: null, code: null, form };
    for (const [name, s] of shape.properties) {
      const role = fieldRole(name);
      if (role === "identifier" && !flow.identifier) {
        flow.identifier = name;
        flow.email = /mail/.test(normaliseField(name)) || s["format"] === "email";
      } else if (role === "password") flow.password ??= name;
      else if (role === "code") flow.code ??= name;
    }
    if (kind === "login" && (!flow.identifier || !flow.password)) continue;
    if (kind === "otp" && !flow.code) continue;
    if (kind === "reset" && !flow.identifier) continue;
    out.push(flow);
  }
  return out;
}

/** An account no one has, shaped like the flow's identifier (an address on an unroutable domain, or a name). */
export function unknownAccount(flow: AuthFlow, like?: string): string {
  const tag = `rampart${randomBytes(4).toString("hex")}`;
  if (!flow.email) return tag;
  const domain = like?.split("@")[1] ?? "example.invalid";
  return `${tag}@${domain}`;
}

/** A wrong attempt: the spec's sample with the account, a random password and a random code. */
export function wrongAttempt(flow: AuthFlow, account: string): { body: string; headers: Record<string, string> } {
  const sample = flow.op.requestBody?.sample;
  const body: Record<string, unknown> = sample && typeof sample === "object" && !Array.isArray(sample) ? { ...(sample as Record<string, unknown>) } : {};
  if (flow.identifier) body[flow.identifier] = account;
  if (flow.password) body[flow.password] = `Wrong-${randomBytes(9).toString("base64url")}`;
  if (flow.code) body[flow.code] = String(randomInt(100_000, 1_000_000));
  if (flow.form) {
    const text = new URLSearchParams(Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]))).toString();
    return { body: text, headers: { "content-type": "application/x-www-form-urlencoded" } };
  }
  return { body: JSON.stringify(body), headers: { "content-type": "application/json" } };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const NAME_FIELDS = ["username", "preferredusername", "login", "handle", "user"];

/** Accounts the scan's identities hold (their token claims and "me" answers): e-mail addresses and user names. */
export async function knownAccounts(ctx: CheckContext, identities: readonly Identity[]): Promise<{ emails: string[]; names: string[] }> {
  const emails = new Set<string>();
  const names = new Set<string>();
  const take = (k: string, v: unknown) => {
    if (typeof v !== "string" || v.length > 200) return;
    const n = normaliseField(k);
    if ((n === "email" || n === "emailaddress") && EMAIL.test(v)) emails.add(v);
    else if (NAME_FIELDS.includes(n)) names.add(v);
  };
  const selfOps = ctx.operations.filter((op) => op.method === "GET" && !op.path.includes("{") && SELF_PATH.test(op.path)).slice(0, 2);
  for (const identity of identities) {
    for (const c of identity.credentials) for (const [k, v] of Object.entries(jwtFromCredentialValue(c.value)?.payload ?? {})) take(k, v);
    for (const op of selfOps) for (const [k, v] of Object.entries(objectBody((await baselineAs(ctx, op, identity.label))?.response) ?? {})) take(k, v);
  }
  return { emails: [...emails], names: [...names] };
}

/** A throttled or failing answer: no verdict can rest on it. */
export function throttled(ex: Exchange | null): boolean {
  const res = ex?.response;
  return !res || res.status === 429 || res.status >= 500 || "retry-after" in res.headers;
}
