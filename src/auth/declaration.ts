// Login flows declared per identity (`.rampart.yml` identities, MCP scan_api `logins`, the Action's
// config): a login request or an OAuth2 grant. Secrets in a declaration are `env:` references only, so a
// committed file or a conversation never holds one.
import { z } from "zod";

const ENV_REF = /^env:[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** Field names whose values are secrets: they must be env references. */
const SECRET_FIELD = /pass|secret|token|otp|pin$|key$|credential/i;

/** Where a login response carries the token: a JSON pointer into the body, a header or a cookie. */
const SOURCES = `body:(?:/.*)?|header:${HEADER_NAME}|cookie:[^=;,\\s]+`;
export const TOKEN_SOURCE = new RegExp(`^(?:${SOURCES})$`, "i");
/** Where a CSRF token can also be found: a form field or meta tag of an HTML page. */
const CSRF_SOURCE = new RegExp(`^(?:${SOURCES}|html:\\S+)$`, "i");
/** How the token is sent afterwards. */
const SEND = new RegExp(`^(?:bearer|header:${HEADER_NAME}|cookie:[^=;,\\s]+|query:[^=&\\s]+)$`, "i");
const CSRF_SEND = new RegExp(`^(?:header:${HEADER_NAME}|field:[^\\s]+)$`, "i");
/** `POST /auth/login`, `/auth/login` (POST) or `POST http://host/auth/login`. */
const REQUEST = /^(?:(GET|POST|PUT|PATCH)\s+)?(\S+)$/i;

const requestLine = z.string().trim().regex(REQUEST, "request must look like 'POST /auth/login' (a path or a URL on the target host)");

const secretRef = (what: string) => z.string().trim().regex(ENV_REF, `${what} must be an env: reference (env:VAR), never a literal secret`);

/** Body values: literals, or `env:VAR` (required for fields whose names say they hold a secret). */
type BodyValue = string | number | boolean | null | BodyValue[] | { [k: string]: BodyValue };
const bodyValue: z.ZodType<BodyValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(bodyValue), z.record(z.string(), bodyValue)]),
);

function literalSecrets(value: unknown, path: (string | number)[], ctx: z.RefinementCtx): void {
  if (Array.isArray(value)) value.forEach((v, i) => literalSecrets(v, [...path, i], ctx));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "string" && SECRET_FIELD.test(k) && !ENV_REF.test(v.trim())) {
        ctx.addIssue({ code: "custom", path: [...path, k], message: `${k} must be an env: reference (env:VAR), never a literal secret` });
      } else literalSecrets(v, [...path, k], ctx);
    }
  }
}

const jsonBody = z.record(z.string(), bodyValue).superRefine((v, ctx) => literalSecrets(v, [], ctx));
const formBody = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .superRefine((v, ctx) => literalSecrets(v, [], ctx));

export const csrfSchema = z
  .object({
    /** The page or endpoint that hands out the CSRF token (its cookies are carried into the login). */
    request: requestLine.default("GET /login"),
    token: z.string().trim().regex(CSRF_SOURCE, "csrf.token must be body:/pointer, header:<Name>, cookie:<name> or html:<field>"),
    send: z.string().trim().regex(CSRF_SEND, "csrf.send must be header:<Name> or field:<name>"),
  })
  .strict();

export const loginSchema = z
  .object({
    request: requestLine,
    json: jsonBody.optional(),
    form: formBody.optional(),
    headers: z.record(z.string(), z.string()).optional(),
    /** Default: the usual token fields of a JSON body (access_token, token, accessToken, jwt, id_token). */
    token: z.string().trim().regex(TOKEN_SOURCE, "token must be body:/json/pointer, header:<Name> or cookie:<name>").optional(),
    /** Default: bearer, or the same cookie when the token is a cookie. */
    send: z.string().trim().regex(SEND, "send must be bearer, header:<Name>, cookie:<name> or query:<name>").optional(),
    /** Lifetime in seconds of a token that carries none (not a JWT, no expires_in, no cookie Max-Age). */
    expiresIn: z.number().int().min(1).max(30 * 86_400).optional(),
    csrf: csrfSchema.optional(),
  })
  .strict()
  .refine((l) => !(l.json && l.form), { message: "give json or form, not both" });

export const oauth2Schema = z
  .object({
    tokenUrl: z.string().trim().min(1),
    grant: z.enum(["client_credentials", "password"]),
    clientId: z.string().trim().min(1),
    clientSecret: secretRef("clientSecret").optional(),
    username: z.string().trim().min(1).optional(),
    password: secretRef("password").optional(),
    scope: z.string().trim().optional(),
    audience: z.string().trim().optional(),
    /** How the client authenticates at the token endpoint (RFC 6749 §2.3.1): HTTP Basic (default) or body fields. */
    clientAuth: z.enum(["basic", "body"]).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.grant === "password" && (!o.username || !o.password)) {
      ctx.addIssue({ code: "custom", message: "the password grant needs username and password (env:VAR)" });
    }
  });

/** One identity's login: exactly one of `login` or `oauth2`. */
export const loginDeclarationSchema = z.union([
  z.object({ login: loginSchema }).strict(),
  z.object({ oauth2: oauth2Schema }).strict(),
]);

export type CsrfDeclaration = z.output<typeof csrfSchema>;
export type LoginRequestDeclaration = z.output<typeof loginSchema>;
export type OAuth2Declaration = z.output<typeof oauth2Schema>;
export type LoginDeclaration = z.output<typeof loginDeclarationSchema>;

/** label → declaration, as ScanOptions carries it. */
export type LoginDeclarations = Record<string, LoginDeclaration>;

/** `POST /x` → { method, target }; a bare target means POST (GET for a CSRF page). */
export function splitRequestLine(line: string, defaultMethod: "GET" | "POST"): { method: string; target: string } {
  const m = REQUEST.exec(line.trim());
  return { method: (m?.[1] ?? defaultMethod).toUpperCase(), target: m?.[2] ?? line.trim() };
}
