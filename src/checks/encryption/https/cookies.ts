// Set-Cookie parsing and the session-cookie name table used by cookie-insecure and credentials-over-plaintext.
export interface SetCookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | null;
  raw: string;
}

/** Names (lower-case, exact or prefix) that carry a login session or token. */
const SESSION_NAMES = [
  "session",
  "sessionid",
  "sess",
  "sid",
  "connect.sid",
  "jsessionid",
  "phpsessid",
  "asp.net_sessionid",
  ".aspnetcore.session",
  ".aspnetcore.cookies",
  "laravel_session",
  "_session_id",
  "rack.session",
  "auth",
  "auth_token",
  "access_token",
  "refresh_token",
  "token",
  "jwt",
  "id_token",
  "remember_token",
];
const SESSION_SUFFIX = /(?:^|[_.-])(session|sess|sid|token|auth|jwt)$/i;

export function isSessionCookie(name: string): boolean {
  const n = name.toLowerCase();
  return SESSION_NAMES.includes(n) || SESSION_SUFFIX.test(n);
}

export function parseSetCookies(headerValue: string | undefined): SetCookie[] {
  if (!headerValue) return [];
  return headerValue
    .split("\n")
    .map((raw) => raw.trim())
    .filter(Boolean)
    .map((raw) => {
      const [pair = "", ...attrs] = raw.split(";").map((s) => s.trim());
      const lower = attrs.map((a) => a.toLowerCase());
      const ss = lower.find((a) => a.startsWith("samesite"));
      return {
        name: pair.split("=")[0]?.trim() ?? "",
        secure: lower.includes("secure"),
        httpOnly: lower.includes("httponly"),
        sameSite: ss ? (ss.split("=")[1]?.trim() ?? "") : null,
        raw,
      };
    })
    .filter((c) => c.name);
}

/** The cookie with its value hidden, for evidence. */
export function redactCookie(c: SetCookie): string {
  return c.raw.replace(/^([^=]+=)[^;]*/, "$1<redacted>");
}
