// Where database connection strings hide in response text: one row per written form. Each candidate is
// confirmed by the DSN analyzer (src/db/dsn.ts) before it counts; rows only find candidates cheaply.
import { charSet, containsAny, lowerCase, type CharSet } from "./memo.js";

export interface DsnPatternRow {
  id: "url" | "libpq-keyvalue" | "go-mysql" | "ado-net";
  title: string;
  /** Cheap pre-filter: at least one must occur (lower-case) before the regex runs. */
  keywords: string[];
  regex: RegExp;
}

export const DSN_PATTERNS: readonly DsnPatternRow[] = [
  {
    id: "url",
    title: "database URL",
    keywords: ["postgres", "pgsql", "cockroach", "crdb", "mysql", "mariadb", "mongodb", "redis", "valkey"],
    regex:
      /\b(?:jdbc:)?(?:postgres(?:ql)?|pgsql|cockroachdb|cockroach|crdb|mysqlx?|mariadb|mongodb(?:\+srv)?|rediss?|valkeys?)(?:\+[a-z0-9_]+)?:\/\/[^\s"'<>`\\]*[^\s"'<>`\\.,;:)\]]/gi,
  },
  {
    id: "libpq-keyvalue",
    title: "libpq key=value connection string",
    keywords: ["host=", "dbname="],
    regex:
      /(?:\b(?:host|hostaddr|port|dbname|user|password|sslmode|sslrootcert|sslcert|sslkey|connect_timeout|application_name|target_session_attrs)\s*=\s*(?:'(?:[^'\\\n]|\\.)*'|[^\s'"&]+)[ \t]*){3,}/g,
  },
  {
    id: "go-mysql",
    title: "Go MySQL DSN",
    keywords: ["@tcp(", "@tcp6(", "@unix("],
    // Bounded and anchored at a token start: linear on hostile bodies (long word runs, many '@').
    regex: /(?<![\w.-])[\w.-]{0,64}(?::[^@\s"'<>]{0,128})?@(?:tcp6?|unix)\([^)\s"']{0,256}\)\/[\w.-]{0,128}(?:\?[^\s"'<>]{0,512}[^\s"'<>.,;)])?/g,
  },
  {
    id: "ado-net",
    title: "ADO.NET connection string",
    keywords: ["host=", "server="],
    // Each pair ends at ';' or where the value must end, so pairs cannot be split two ways; all bounded.
    regex: /\b(?:Host|Server)\s{0,8}=[^;"'\n<>]{1,256};(?:\s{0,8}[A-Za-z][A-Za-z ]{0,40}=[^;"'\n<>]{0,256}(?:;|(?=["'\n<>]|$))){2,16}/gi,
  },
];

/** The characters of each row's keywords (see containsAny). */
const DSN_KEYWORD_CHARS: ReadonlyMap<DsnPatternRow, readonly CharSet[]> = new Map(DSN_PATTERNS.map((r) => [r, r.keywords.map(charSet)]));

/** Values that show a DSN is documentation, not configuration (lower case, compared whole). */
export const PLACEHOLDER_HOSTS: readonly string[] = ["host", "hostname", "your-host", "yourhost", "db-host", "example.com", "example.org", "<host>", "{host}", "server"];
export const PLACEHOLDER_PASSWORDS: readonly string[] = [
  "password", "pass", "passwd", "pwd", "secret", "mypassword", "your-password", "yourpassword", "<password>", "{password}",
  "xxx", "xxxx", "****", "...", "changeme", "p@ssw0rd",
];

export interface DsnCandidate {
  row: DsnPatternRow["id"];
  text: string;
  index: number;
}

/** JSON encoders (PHP's by default) escape '/' as '\/': undo it so URLs are seen whole. */
export function unescapeSlashes(text: string): string {
  return text.includes("\\/") ? text.replace(/\\\//g, "/") : text;
}

/** Candidates in `text` after unescapeSlashes (indices refer to that form). */
export function findDsnCandidates(raw: string): DsnCandidate[] {
  const text = unescapeSlashes(raw);
  const lower = lowerCase(text);
  const out: DsnCandidate[] = [];
  const taken: [number, number][] = [];
  for (const row of DSN_PATTERNS) {
    if (!containsAny(lower, row.keywords, DSN_KEYWORD_CHARS.get(row)!)) continue;
    row.regex.lastIndex = 0;
    for (const m of text.matchAll(row.regex)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      // Earlier rows win overlapping spans (a URL's query is not also a key=value string).
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      taken.push([start, end]);
      out.push({ row: row.id, text: m[0].trim(), index: start });
    }
  }
  return out;
}

/** Whether a DSN looks like an example in documentation rather than real configuration. */
export function looksLikePlaceholder(host: string | null, password: string | null): boolean {
  const h = (host ?? "").toLowerCase();
  const p = (password ?? "").toLowerCase();
  return (
    PLACEHOLDER_HOSTS.includes(h) ||
    /^(<.*>|\{.*\}|\$\{.*\}|%\(.*\)s)$/.test(h) ||
    PLACEHOLDER_PASSWORDS.includes(p) ||
    /^(<.*>|\{.*\}|\$\{.*\}|%\(.*\)s|\*+)$/.test(p)
  );
}
