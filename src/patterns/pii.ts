// Personal and payment data detectors: SSNs (context + validity) and card numbers (Luhn + IIN range).
//
// SSN policy: a nine-digit value counts only with a label (field name or text such as `SSN:` /
// `social security`) and a valid structure (area not 000/666/9xx, group not 00, serial not 0000).
// Famous example numbers such as 123-45-6789 are still reported — services do leak them, and a service
// that returns one in an `ssn` field will return real ones — but the evidence notes it.
//
// Card policy: Luhn and a known IIN range always; plus either the grouped form (`4111 1111 1111 1111`),
// a card-like label, or a JSON string value whose field is not an identifier/timestamp/phone field.
import { compileTable, type PatternRow } from "./table.js";
import { isCardLabel, isIdentifierLabel, isQuoted, isSsnLabel, labelBefore } from "./labels.js";
import { cardBrand, EXAMPLE_SSNS, luhn, ssnValid, TEST_CARD_NUMBERS } from "./validators.js";
import { redactCard, redactSsn } from "./redact.js";

export interface PiiRow extends PatternRow {
  kind: "ssn" | "card";
  redact(value: string): string;
  /** A note for the evidence (test card, example SSN), or null. */
  note(value: string): string | null;
}

const digitsOf = (v: string): string => v.replace(/\D/g, "");

function cardNote(value: string): string | null {
  const d = digitsOf(value);
  const brand = cardBrand(d)?.name ?? "card";
  return TEST_CARD_NUMBERS.has(d) ? `${brand} (a well-known test number)` : brand;
}

function validCard(value: string): boolean {
  const d = digitsOf(value);
  return luhn(d) && cardBrand(d) !== null && !/^(\d)\1+$/.test(d);
}

export const PII_ROWS: readonly PiiRow[] = [
  {
    id: "ssn",
    kind: "ssn",
    title: "US Social Security number",
    severity: "high",
    regex: /(?<![\w.-])(\d{3}([- ]?)\d{2}\2\d{4})(?![\w-]|\.\d)/,
    keywords: ["ssn", "social", "soc_sec", "socsec", "soc sec", "soc-sec", "ss_n", "ss-n", "ss n", "ss#"],
    validate: (v, c) => ssnValid(digitsOf(v)) && isSsnLabel(labelBefore(c.text, c.index)),
    redact: redactSsn,
    note: (v) => (EXAMPLE_SSNS.has(digitsOf(v)) ? "a well-known example number, served in an SSN field" : null),
  },
  {
    id: "card-grouped",
    kind: "card",
    title: "Payment card number",
    severity: "critical",
    // 4-4-4-4(-1..3) with one separator kind, or the Amex/Diners 4-6-5 / 4-6-4 grouping.
    regex: /(?<![\d-])(\d{4}([ -])\d{4}\2\d{4}\2\d{4}(?:\2\d{1,3})?|\d{4}([ -])\d{6}\3\d{4,5})(?![\d-])/,
    keywords: [],
    validate: (v) => validCard(v),
    redact: redactCard,
    note: cardNote,
  },
  {
    id: "card",
    kind: "card",
    title: "Payment card number",
    severity: "critical",
    regex: /(?<![\d.\w-])(\d{13,19})(?![\d\w-]|\.\d)/,
    keywords: [],
    validate: (v, c) => {
      if (!validCard(v)) return false;
      const label = labelBefore(c.text, c.index);
      if (isCardLabel(label)) return true;
      return isQuoted(c.text, c.index, v.length) && !isIdentifierLabel(label);
    },
    redact: redactCard,
    note: cardNote,
  },
];

export const piiTable = compileTable(PII_ROWS);

export const ssnTable = compileTable(PII_ROWS.filter((r) => r.kind === "ssn"));
export const cardTable = compileTable(PII_ROWS.filter((r) => r.kind === "card"));
