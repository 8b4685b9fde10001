// Context for a candidate value: the field name or label written just before it, in JSON (`"ssn": "…"`,
// `"ssns": ["…", "…"]`), form/text (`SSN: …`) or env style (`CARD=…`). Detectors that need context
// (an SSN is just nine digits without it) judge the label this returns.

const STRUCTURAL = /[{},;\n[\]]/;

/** The label segment before `index`: text after the last structural delimiter, or, for an element of a
 *  JSON array of scalars, the text before the array's opening bracket. Empty when there is none. */
export function labelBefore(text: string, index: number, window = 160): string {
  const w = text.slice(Math.max(0, index - window), index);
  const segment = lastSegment(w);
  if (/[A-Za-z]/.test(segment)) return segment;
  const open = w.lastIndexOf("[");
  if (open >= 0 && !/[{}\]]/.test(w.slice(open))) return lastSegment(w.slice(0, open));
  return "";
}

function lastSegment(s: string): string {
  for (let i = s.length - 1; i >= 0; i--) if (STRUCTURAL.test(s[i]!)) return s.slice(i + 1);
  return s;
}

/** Whether the value at [index, index+length) is a whole JSON string (`"…"`). */
export function isQuoted(text: string, index: number, length: number): boolean {
  return text[index - 1] === '"' && text[index + length] === '"';
}

// ssn / SSN / customerSsn / ssns, but not "classname" or "lessons".
const SSN_WORD = /(?:^|[^A-Za-z])(?:ssn|SSN|Ssn)s?(?![a-z])|[a-z](?:Ssn|SSN)s?(?![a-z])/;
const SSN_PHRASE = /social[\s_-]*sec(?:urity)?|(?:^|[^a-z])soc[\s_-]*sec|(?:^|[^a-z])ss[\s_-]*(?:no|num(?:ber)?|#)(?![a-z])/i;

export function isSsnLabel(label: string): boolean {
  return SSN_WORD.test(label) || SSN_PHRASE.test(label);
}

const CARD_WORD = /card|credit|debit|visa|mastercard|amex|(?:^|[^A-Za-z])(?:cc|pan|CC|PAN)(?:[_\s-]|num|$|")|[a-z](?:Cc|Pan|CC|PAN)(?![a-z])|primary[\s_-]*account/i;

export function isCardLabel(label: string): boolean {
  return CARD_WORD.test(label);
}

// Fields whose long digit strings are identifiers, clocks or other numbering schemes, never card numbers.
const ID_WORD = /(?:^|[^a-z])(?:id|ids|uuid|guid|key|ref|seq|ts|timestamp|time|date|epoch|created|updated|phone|tel|mobile|fax|zip|isbn|ean|upc|gtin|imei|iccid|msisdn|order|tracking|invoice|nonce|version|snowflake|rowid|count|total|size|hash)(?![a-z])|[a-z](?:Id|ID|Ids|IDs|Uuid|Key|Ref|At|Ts|Time|Number)(?![a-z])/i;

export function isIdentifierLabel(label: string): boolean {
  return ID_WORD.test(label);
}

const PHONE_WORD = /phone|mobile|(?:^|[^a-z])(?:tel|cell|fax|msisdn)(?![a-z])|telephone|[a-z](?:Tel|Cell|Fax)(?![a-z])/i;

export function isPhoneLabel(label: string): boolean {
  return PHONE_WORD.test(label);
}
