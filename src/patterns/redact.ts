// Redaction of detected values for evidence: enough left to recognise the value, never enough to use it.

/** Masks every character except the first `keepStart` and last `keepEnd` (separators kept as they are). */
export function maskMiddle(value: string, keepStart: number, keepEnd: number, mask = "*"): string {
  const chars = [...value];
  const significant = chars.filter((c) => /[A-Za-z0-9]/.test(c)).length;
  if (significant <= keepStart + keepEnd) return chars.map((c) => (/[A-Za-z0-9]/.test(c) ? mask : c)).join("");
  let seen = 0;
  return chars
    .map((c) => {
      if (!/[A-Za-z0-9]/.test(c)) return c;
      const i = seen++;
      return i < keepStart || i >= significant - keepEnd ? c : mask;
    })
    .join("");
}

/** `123-45-6789` → `***-**-6789`. */
export function redactSsn(value: string): string {
  const digits = value.replace(/\D/g, "");
  return `***-**-${digits.slice(-4)}`;
}

/** `4111111111111111` → `4111 **** **** 1111` (first four and last four, grouped). */
export function redactCard(value: string): string {
  const digits = value.replace(/\D/g, "");
  const middle = Math.max(0, digits.length - 8);
  const stars = "*".repeat(middle).replace(/(.{4})(?=.)/g, "$1 ");
  return `${digits.slice(0, 4)} ${stars} ${digits.slice(-4)}`.replace(/\s+/g, " ");
}

/** Keeps a known public prefix (`sk_live_`, `AKIA`, `ghp_`) and hides the rest: `sk_live_****`. */
export function redactSecret(value: string, prefix = ""): string {
  if (prefix && value.startsWith(prefix)) return `${prefix}****`;
  return value.length <= 8 ? "****" : `${value.slice(0, 2)}****`;
}

/** `jane.doe@example.com` → `j***@example.com`. */
export function redactEmail(value: string): string {
  const at = value.lastIndexOf("@");
  if (at <= 0) return "***";
  return `${value[0]}***${value.slice(at)}`;
}

/** `+1 415 555 0132` → `+1 *** *** 0132` style: only the last two digits remain. */
export function redactPhone(value: string): string {
  return maskMiddle(value, value.startsWith("+") ? 1 : 0, 2);
}

/** `eyJhbGciOi…` → header part kept (it holds no secret), payload and signature masked. */
export function redactToken(value: string): string {
  const parts = value.split(".");
  if (parts.length === 3 && value.startsWith("eyJ")) return `${parts[0]}.****.****`;
  return redactSecret(value);
}

/** One-line excerpt around [start, end) with the value replaced by its redaction. */
export function excerptAround(text: string, start: number, end: number, replacement: string, radius = 40): string {
  const from = Math.max(0, start - radius);
  const to = Math.min(text.length, end + radius);
  const clean = (s: string): string => scrubContext(s.replace(/[\r\n\t]+/g, " ").replace(/\p{Cc}/gu, ""));
  return `${from > 0 ? "…" : ""}${clean(text.slice(from, start))}${replacement}${clean(text.slice(end, to))}${to < text.length ? "…" : ""}`;
}

/** Masks what might be another secret beside the one reported: long digit runs and long opaque tokens. */
export function scrubContext(text: string): string {
  return text
    .replace(/\d(?:[\d -]{4,30})\d/g, (run) => run.replace(/\d/g, "*"))
    .replace(/[A-Za-z0-9_\-+=]{24,}/g, (tok) => `${tok.slice(0, 4)}****`);
}
