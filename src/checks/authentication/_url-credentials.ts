// Credentials carried in URLs: query parameter names that hold them, and token-shaped values.
import { parseJwt } from "../../jwt/index.js";
import { redactToken } from "../../patterns/redact.js";

/** Query parameter names that carry a credential. */
export const CREDENTIAL_PARAM =
  /^(?:api[_-]?key|apikey|x[_-]?api[_-]?key|access[_-]?token|auth[_-]?token|id[_-]?token|refresh[_-]?token|private[_-]?token|bearer|token|jwt|session[_-]?id|sessionid|sid|password|passwd|pwd|secret|client[_-]?secret|auth)$/i;

export interface UrlCredential {
  name: string;
  /** The URL with the value redacted. */
  redacted: string;
}

/** Credential-carrying query parameters of an absolute or relative URL (non-empty values only). */
export function urlCredentials(raw: string): UrlCredential[] {
  let url: URL;
  try {
    url = new URL(raw, "http://relative.invalid");
  } catch {
    return [];
  }
  const out: UrlCredential[] = [];
  for (const [name, value] of url.searchParams) {
    if (!value || value.startsWith("$RAMPART_")) continue;
    if (!CREDENTIAL_PARAM.test(name) && !parseJwt(value)) continue;
    const copy = new URL(url.href);
    copy.searchParams.set(name, redactToken(value));
    const text = copy.href.startsWith("http://relative.invalid") ? copy.href.slice("http://relative.invalid".length) : copy.href;
    out.push({ name, redacted: decodeURIComponent(text) });
  }
  return out;
}
