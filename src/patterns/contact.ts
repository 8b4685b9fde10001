// Bulk contact data: distinct e-mail addresses and phone numbers in one response (a list of users).
import { compileTable, type PatternRow } from "./table.js";
import { isIdentifierLabel, isPhoneLabel, labelBefore } from "./labels.js";
import { redactEmail, redactPhone } from "./redact.js";

export interface ContactRow extends PatternRow {
  kind: "email" | "phone";
  /** Canonical form used to count distinct values. */
  normalize(value: string): string;
  redact(value: string): string;
}

// Reserved TLD-like suffixes of assets, not mail domains (`logo@2x.png`).
const FILE_SUFFIX = /\.(?:png|jpe?g|gif|svg|webp|css|js|map|ico)$/i;

export const CONTACT_ROWS: readonly ContactRow[] = [
  {
    id: "email",
    kind: "email",
    title: "E-mail address",
    severity: "medium",
    regex: /(?<![\w.%+-])([A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24})(?![\w-])/,
    keywords: ["@"],
    validate: (v) => !FILE_SUFFIX.test(v) && !v.includes(".."),
    normalize: (v) => v.toLowerCase(),
    redact: redactEmail,
  },
  {
    id: "phone-e164",
    kind: "phone",
    title: "Phone number (international format)",
    severity: "low",
    regex: /(?<![\w+])(\+[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,5})(?![\w])/,
    keywords: ["+"],
    validate: (v) => {
      const n = v.replace(/\D/g, "").length;
      return n >= 8 && n <= 15;
    },
    normalize: (v) => v.replace(/\D/g, ""),
    redact: redactPhone,
  },
  {
    id: "phone-nanp",
    kind: "phone",
    title: "Phone number (North American format)",
    severity: "low",
    regex: /(?<![\w+-])(\(\d{3}\) ?\d{3}-\d{4}|\d{3}[.-]\d{3}[.-]\d{4})(?![\w-])/,
    keywords: [],
    validate: (v, c) => !isIdentifierLabel(labelBefore(c.text, c.index)) || isPhoneLabel(labelBefore(c.text, c.index)),
    normalize: (v) => v.replace(/\D/g, ""),
    redact: redactPhone,
  },
  {
    id: "phone-labelled",
    kind: "phone",
    title: "Phone number (labelled field)",
    severity: "low",
    regex: /(?<![\w+.-])(\d{10,11})(?![\w.-])/,
    keywords: ["phone", "mobile", "tel", "cell", "fax", "msisdn"],
    validate: (v, c) => isPhoneLabel(labelBefore(c.text, c.index)),
    normalize: (v) => v.replace(/\D/g, "").slice(-10),
    redact: redactPhone,
  },
];

export const emailTable = compileTable(CONTACT_ROWS.filter((r) => r.kind === "email"));
export const phoneTable = compileTable(CONTACT_ROWS.filter((r) => r.kind === "phone"));

/** Distinct values of one kind in a text (normalised), with one sample match for evidence. */
export function distinctContacts(
  text: string,
  kind: "email" | "phone",
  limit = 5000,
): { count: number; samples: { value: string; index: number; row: ContactRow }[] } {
  const table = kind === "email" ? emailTable : phoneTable;
  const seen = new Set<string>();
  const samples: { value: string; index: number; row: ContactRow }[] = [];
  for (const m of table.scan(text, limit)) {
    const key = m.row.normalize(m.value);
    if (seen.has(key)) continue;
    seen.add(key);
    if (samples.length < 3) samples.push({ value: m.value, index: m.index, row: m.row });
  }
  return { count: seen.size, samples };
}
