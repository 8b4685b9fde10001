// Authentication flows an API exposes, recognised by the words of their path (after splitting camelCase,
// `-` and `_`), and the body fields they take (compared after normaliseField). Also where servers
// publish the public keys their tokens are verified with.
import { normaliseField } from "./field-names.js";

export type AuthFlowKind = "login" | "otp" | "reset";

/** Path words per flow, most specific first (an `/auth/otp/verify` is an OTP check, not a login). */
export const AUTH_FLOW_WORDS: readonly { kind: AuthFlowKind; words: readonly string[] }[] = [
  { kind: "otp", words: ["otp", "mfa", "2fa", "totp", "twofactor", "verifycode", "verificationcode", "passcode"] },
  { kind: "reset", words: ["forgot", "forgotpassword", "reset", "resetpassword", "passwordreset", "recover", "recovery"] },
  { kind: "login", words: ["login", "signin", "logon", "authenticate", "session", "sessions", "token"] },
];

/** Account identifiers a login or reset takes. */
export const IDENTIFIER_FIELDS: readonly string[] = ["username", "user", "login", "email", "emailaddress", "mail", "phone", "phonenumber", "account", "identifier", "handle"];
export const PASSWORD_FIELDS: readonly string[] = ["password", "pass", "passwd", "pwd", "secret", "currentpassword"];
export const CODE_FIELDS: readonly string[] = ["otp", "code", "totp", "mfacode", "verificationcode", "pin", "passcode", "token"];

export function fieldRole(name: string): "identifier" | "password" | "code" | null {
  const n = normaliseField(name);
  if (PASSWORD_FIELDS.includes(n)) return "password";
  if (IDENTIFIER_FIELDS.includes(n)) return "identifier";
  if (CODE_FIELDS.includes(n)) return "code";
  return null;
}

/** Words in answers that say the server is throttling or has locked the account. */
export const THROTTLE_WORDS = /\b(?:too many|rate.?limit|locked|lockout|temporarily (?:blocked|disabled|unavailable)|try again (?:later|in)|captcha|slow down|suspended)\b/i;

/** Where public verification keys are usually served (JWKS documents, OIDC discovery, PEM files). */
export const PUBLIC_KEY_PATHS: readonly string[] = [
  "/.well-known/jwks.json",
  "/.well-known/openid-configuration",
  "/jwks.json",
  "/jwks",
  "/.well-known/keys",
  "/oauth/jwks",
  "/oauth2/jwks",
  "/auth/jwks",
  "/api/jwks",
  "/public-key",
  "/public.pem",
];

/** Spec paths that serve keys. */
export const PUBLIC_KEY_PATH = /(?:jwks|\/jwk|public[-_]?key|\/certs$|\.pem$)/i;
