// Escaping shared by the renderers. Every string that came from the target (evidence, titles built from
// responses, error messages) is hostile: these functions make it inert for each output language.

// ANSI/VT escape sequences (CSI, OSC, and two-byte ESC forms) and the remaining C0/C1 controls but tab/newline.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_])/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** Removes terminal escape sequences and control characters (keeps \n and \t; \r\n becomes \n). */
export function stripControl(text: string): string {
  return text.replace(ANSI, "").replace(/\r\n?/g, "\n").replace(CONTROL, "");
}

/** One line: control characters removed, whitespace runs (incl. newlines) collapsed. */
export function oneLineText(text: string): string {
  return stripControl(text).replace(/\s+/g, " ").trim();
}

/** Caps a string at `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Safe in HTML text and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return stripControl(text).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

// XML 1.0 forbids most C0 controls even as character references; lone surrogates are not characters either.
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Safe in XML text content (`>` too, so `]]>` cannot appear). */
export function escapeXml(text: string): string {
  return stripControl(text)
    .replace(XML_INVALID, "\ufffd")
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c);
}

/** Safe in quoted XML attribute values; newlines and tabs kept (parsers would turn raw ones into spaces). */
export function escapeXmlAttr(text: string): string {
  return escapeXml(text)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\t/g, "&#9;");
}

/**
 * Inline Markdown (GitHub flavour): one line; characters that start formatting, links, images, tables or
 * HTML are neutralised; `@` becomes an entity so target text never pings a user or team.
 */
export function escapeMarkdown(text: string): string {
  return oneLineText(text)
    .replace(/[\\`*_[\]|~!]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@/g, "&#64;")
    .replace(/^([-+#=]|\d+[.)])/, "\\$1");
}

/** An inline code span for short target-derived identifiers (operations, URLs): content shows verbatim. */
export function markdownCode(text: string): string {
  const body = oneLineText(text);
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = body.startsWith("`") || body.endsWith("`") || longest > 0 ? " " : "";
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced code block whose fence is longer than any backtick run inside, so content cannot close it. */
export function markdownCodeBlock(text: string, lang = ""): string {
  const body = stripControl(text);
  const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}
