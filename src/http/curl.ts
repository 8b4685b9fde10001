// A reproducible one-line curl command for a recorded exchange. Credentials are already placeholders
// in the record; they are left for the shell to expand, everything else is single-quoted.
import type { Exchange } from "../core/types.js";
import { PLACEHOLDER_PATTERN } from "./redact.js";

/** Headers curl sets itself or that describe the transfer rather than the request. */
const SKIPPED_HEADERS = new Set(["host", "content-length", "connection", "user-agent", "accept-encoding", "transfer-encoding"]);

function isControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}

function hasControl(text: string): boolean {
  for (const c of text) if (isControl(c)) return true;
  return false;
}

function controlEscape(c: string): string {
  if (c === "\n") return "\\n";
  if (c === "\r") return "\\r";
  if (c === "\t") return "\\t";
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
}

/** Single quotes; ANSI-C `$'…'` quoting when the text holds control characters, so the line stays one line. */
function singleQuote(text: string): string {
  if (!hasControl(text)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let escaped = "";
  for (const c of text) escaped += c === "\\" ? "\\\\" : c === "'" ? "\\'" : isControl(c) ? controlEscape(c) : c;
  return `$'${escaped}'`;
}

/**
 * Quotes one shell word. Placeholders stay expandable: inside double quotes when nothing else in the
 * word is special to the shell, otherwise as `'literal'"$RAMPART_X"'literal'`.
 */
export function shellWord(text: string): string {
  const parts = text.split(new RegExp(`(${PLACEHOLDER_PATTERN.source})`));
  if (parts.length === 1) return singleQuote(text);
  const rest = text.replace(new RegExp(PLACEHOLDER_PATTERN.source, "g"), "");
  if (!/["$`\\!]/.test(rest) && !hasControl(rest)) return `"${text}"`;
  return parts
    .map((p, i) => (i % 2 === 1 ? `"${p}"` : p === "" ? "" : singleQuote(p)))
    .join("");
}

/** Matches the placeholder the client writes for basic credentials. */
const BASIC_HEADER = /^Basic (\$RAMPART_[A-Z0-9_]*BASIC)$/;

export function curlFor(ex: Exchange): string {
  const { method, url, headers, body } = ex.request;
  const args = ["curl", "-i"];
  if (method === "HEAD") args.push("--head");
  else if (method !== "GET" || body !== null) args.push("-X", method);
  args.push(shellWord(url));
  for (const [name, value] of Object.entries(headers)) {
    if (SKIPPED_HEADERS.has(name)) continue;
    const basic = name === "authorization" ? BASIC_HEADER.exec(value) : null;
    if (basic?.[1]) args.push("-u", `"${basic[1]}"`);
    else args.push("-H", shellWord(`${name}: ${value}`));
  }
  if (body !== null && body !== "") args.push("--data-raw", shellWord(body));
  return args.join(" ");
}
