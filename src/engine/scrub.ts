// Last line of defence for evidence text: whatever a check put in an excerpt, secrets it recognises are
// masked before the finding enters the report (checks redact their own matches; this catches the rest).
import { redactSecretMatch, secretTable } from "../patterns/secrets.js";

// scheme://user:password@host → scheme://user:****@host
// (the user may be empty: redis://:password@host)
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"]{0,128}:)([^\s@/'"]{1,256})@/gi;
// password=…, "secret": "…", api_key: … (keys named like credentials)
const NAMED_SECRET =
  /((?:pass(?:word|wd)?|pwd|secret|client_secret|api[_-]?key|access[_-]?token|refresh[_-]?token|private[_-]?key)["']?\s*[:=]\s*["']?)([^\s"'&,;<>]{4,256})/gi;
const AUTH_HEADER = /(authorization:\s*(?:bearer|basic|token)\s+)([A-Za-z0-9._~+/=-]{8,})/gi;

function mask(value: string): string {
  if (value.startsWith("****") || value.includes("<redacted>") || /^\$RAMPART_/.test(value)) return value;
  return value.length <= 8 ? "****" : `${value.slice(0, 2)}****`;
}

export function scrubSecrets(text: string): string {
  if (!text) return text;
  let out = text
    .replace(URL_PASSWORD, (_m, head: string, pw: string) => `${head}${pw.includes("****") ? pw : "****"}@`)
    .replace(NAMED_SECRET, (_m, head: string, v: string) => `${head}${mask(v)}`)
    .replace(AUTH_HEADER, (_m, head: string, v: string) => `${head}${mask(v)}`);
  for (const m of secretTable.scan(out, 50)) {
    if (m.value.includes("****")) continue;
    out = out.split(m.value).join(redactSecretMatch(m.row, m.value));
  }
  return out;
}
