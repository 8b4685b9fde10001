// Sensitive data in model output, through the same detectors dataExposure uses (secrets, SSNs, cards,
// contact data), plus private-key blocks. Only values the request did not contain count: a model that
// repeats the user's own e-mail leaks nothing.
import { distinctContacts } from "../patterns/contact.js";
import { piiTable } from "../patterns/pii.js";
import { findSecrets, redactSecretMatch } from "../patterns/secrets.js";

export interface SensitiveHit {
  id: string;
  title: string;
  kind: "secret" | "key" | "pii" | "contact";
  /** Redacted value for evidence. */
  shown: string;
}

const PRIVATE_KEY = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----/;

/** Bulk contact data: a reply naming this many distinct addresses or numbers lists other people. */
const CONTACT_MIN = 2;

export function findSensitive(text: string, sent: string): SensitiveHit[] {
  const hits: SensitiveHit[] = [];
  const isNew = (v: string) => !sent.includes(v);
  const pk = PRIVATE_KEY.exec(text);
  if (pk && !sent.includes(pk[0])) hits.push({ id: "private-key", title: "Private key block", kind: "key", shown: pk[0] });
  for (const m of findSecrets(text, 10)) {
    if (isNew(m.value)) hits.push({ id: m.row.id, title: m.row.title, kind: "secret", shown: redactSecretMatch(m.row, m.value) });
  }
  for (const m of piiTable.scan(text, 10)) {
    if (isNew(m.value) && !hits.some((h) => h.id === m.row.id && h.shown === m.row.redact(m.value))) {
      hits.push({ id: m.row.id, title: m.row.title, kind: "pii", shown: m.row.redact(m.value) });
    }
  }
  for (const kind of ["email", "phone"] as const) {
    const found = distinctContacts(text, kind);
    const fresh = found.samples.filter((s) => isNew(s.value));
    const newCount = found.count - (found.samples.length - fresh.length);
    if (newCount >= CONTACT_MIN && fresh[0]) {
      hits.push({ id: kind, title: `${newCount} distinct ${kind === "email" ? "e-mail addresses" : "phone numbers"}`, kind: "contact", shown: fresh[0].row.redact(fresh[0].value) });
    }
  }
  return hits;
}
