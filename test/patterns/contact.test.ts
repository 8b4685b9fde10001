import { describe, expect, it } from "vitest";
import { distinctContacts, emailTable, phoneTable } from "../../src/patterns/contact.js";
import { redactEmail, redactPhone } from "../../src/patterns/redact.js";
import { corpusTests, type RowCorpus } from "./_corpus.js";

export const EMAIL_CORPUS: Record<string, RowCorpus> = {
  email: {
    positive: [{ text: '{"email":"jane.doe+x@mail.example.org"}', value: "jane.doe+x@mail.example.org" }, "contact: a_b@c.io"],
    negative: ["logo@2x.png", "@handle", "user@localhost", "a..b@x..y", "name@domain"],
  },
};

export const PHONE_CORPUS: Record<string, RowCorpus> = {
  "phone-e164": { positive: ["+14155550132", '{"tel":"+44 20 7946 0958"}'], negative: ["+1", "+12", "C++ 17", "+0123456789"] },
  "phone-nanp": { positive: ["(415) 555-0132", '{"phone":"415-555-0132"}', "415.555.0132"], negative: ['{"id":"415-555-0132"}', "2024-01-0132", "4155550132"] },
  "phone-labelled": { positive: ['{"phone":"4155550132"}', '{"mobileNumber":"07700900123"}'], negative: ['{"id":"4155550132"}', '{"phone":"41555"}'] },
};

describe("e-mail table", () => corpusTests(emailTable, EMAIL_CORPUS));
describe("phone table", () => corpusTests(phoneTable, PHONE_CORPUS));

describe("distinct contacts", () => {
  it("counts distinct addresses case-insensitively and keeps three samples", () => {
    const users = Array.from({ length: 12 }, (_, i) => ({ email: `user${i % 10}@example.com`, alt: `USER${i % 10}@EXAMPLE.COM` }));
    const r = distinctContacts(JSON.stringify(users), "email");
    expect(r.count).toBe(10);
    expect(r.samples).toHaveLength(3);
  });
  it("redacts", () => {
    expect(redactEmail("jane@example.com")).toBe("j***@example.com");
    expect(redactPhone("+14155550132")).toBe("+1********32");
  });
});
