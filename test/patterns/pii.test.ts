import { describe, expect, it } from "vitest";
import { cardTable, piiTable, ssnTable } from "../../src/patterns/pii.js";
import { redactCard, redactSsn } from "../../src/patterns/redact.js";
import { cardBrand, luhn, ssnValid } from "../../src/patterns/validators.js";
import { corpusTests, type RowCorpus } from "./_corpus.js";

export const SSN_CORPUS: Record<string, RowCorpus> = {
  ssn: {
    positive: [
      { text: '{"id":1,"name":"Ada","ssn":"123-45-6789"}', value: "123-45-6789" },
      { text: '[{"ssn":"078-05-1120","id":123456789}]', value: "078-05-1120" },
      { text: '{"ssns":["219-09-9998","457-55-5462"]}', value: "457-55-5462" },
      { text: "Name: Ada\nSSN: 536-22-1234\n", value: "536-22-1234" },
      { text: '{"customerSsn":"536221234"}', value: "536221234" },
      { text: '{"social_security_number": 536221234}', value: "536221234" },
      { text: "Social Security Number 536 22 1234", value: "536 22 1234" },
      { text: '{"SSN":"536-22-1234"}', value: "536-22-1234" },
      { text: "<td>SS#</td><td>536-22-1234</td>", value: "536-22-1234" },
      { text: '{"patient":{"name":"B","soc_sec_no":"536-22-1234"}}', value: "536-22-1234" },
    ],
    negative: [
      '{"id":123456789}',
      '{"order":"536-22-1234"}',
      '{"ssn":"000-12-3456"}',
      '{"ssn":"666-12-3456"}',
      '{"ssn":"912-34-5678"}',
      '{"ssn":"123-00-4567"}',
      '{"ssn":"123-45-0000"}',
      '{"ssn":"111-11-1111"}',
      '{"ssn":"1234-56-789"}',
      '{"ssn_last4":"6789"}',
      '{"ssn":"123-45-6789-01"}',
      '{"classname":"536-22-1234"}',
      '{"lessons":"536221234"}',
      '{"phone":"555-123-4567"}',
      '{"ssn":"***-**-6789"}',
      '{"ssn":"536-22-1234","zip":"123456789"}'.replace('"ssn":"536-22-1234",', ""),
      "version 536.22.1234",
      '{"ts":1700000000,"ssn_hash":"9f86d081884c7d659a2feaa0c55ad015"}',
    ],
  },
};

export const CARD_CORPUS: Record<string, RowCorpus> = {
  "card-grouped": {
    positive: [
      { text: '{"pan":"4111 1111 1111 1111"}', value: "4111 1111 1111 1111" },
      { text: "charged 5555-5555-5555-4444 today", value: "5555-5555-5555-4444" },
      { text: "Amex 3782 822463 10005", value: "3782 822463 10005" },
      { text: "card: 2223 0031 2200 3222", value: "2223 0031 2200 3222" },
      { text: "JCB 3530 1113 3330 0000", value: "3530 1113 3330 0000" },
    ],
    negative: [
      "4111 1111 1111 1112",
      "1234 5678 9012 3456",
      "4111-1111 1111-1111",
      "2024-01-01 1200 1234",
      "0000 0000 0000 0000",
      "9111 1111 1111 1111",
    ],
  },
  card: {
    positive: [
      { text: '{"card_number":"4111111111111111"}', value: "4111111111111111" },
      { text: '{"cardNumber": 5555555555554444}', value: "5555555555554444" },
      { text: '{"number":"378282246310005"}', value: "378282246310005" },
      { text: '{"cc":"6011111111111117"}', value: "6011111111111117" },
      { text: "CARD=4012888888881881", value: "4012888888881881" },
      { text: '{"payment":{"pan":"30569309025904"}}', value: "30569309025904" },
      { text: '{"unionpay":"6200000000000005"}', value: "6200000000000005" },
      { text: '{"cards":["4111111111111111","4242424242424242"]}', value: "4242424242424242" },
    ],
    negative: [
      '{"id":"4111111111111111"}',
      '{"id":812345678901234567}',
      '{"user_id": 4111111111111111}',
      '{"created_at":"4111111111111111"}',
      '{"value": 4111111111111111}',
      '{"card_number":"4111111111111112"}',
      '{"card_number":"9111111111111119"}',
      '{"orderNumber":"4111111111111111"}',
      '{"trackingRef":"4242424242424242"}',
      "x=4111111111111111.5",
      '{"amount":"1234567890123"}',
      '{"card":"41111111111111111111111"}',
    ],
  },
};

describe("SSN table", () => corpusTests(ssnTable, SSN_CORPUS));
describe("payment card table", () => corpusTests(cardTable, CARD_CORPUS));

describe("validators", () => {
  it("Luhn accepts valid and rejects altered numbers", () => {
    expect(luhn("4111111111111111")).toBe(true);
    expect(luhn("79927398713")).toBe(true);
    expect(luhn("4111111111111112")).toBe(false);
    expect(luhn("abc")).toBe(false);
  });
  it("IIN ranges name the brand and respect lengths", () => {
    expect(cardBrand("4111111111111111")?.id).toBe("visa");
    expect(cardBrand("2221000000000009")?.id).toBe("mastercard");
    expect(cardBrand("2721000000000000")).toBeNull();
    expect(cardBrand("378282246310005")?.id).toBe("amex");
    expect(cardBrand("3782822463100050")).toBeNull();
    expect(cardBrand("6221260000000000")?.id).toBe("discover");
    expect(cardBrand("6200000000000005")?.id).toBe("unionpay");
    expect(cardBrand("3530111333300000")?.id).toBe("jcb");
    expect(cardBrand("36000000000008")?.id).toBe("diners");
  });
  it("SSN structure rules", () => {
    expect(ssnValid("536221234")).toBe(true);
    expect(ssnValid("000221234")).toBe(false);
    expect(ssnValid("666221234")).toBe(false);
    expect(ssnValid("900221234")).toBe(false);
    expect(ssnValid("536001234")).toBe(false);
    expect(ssnValid("536220000")).toBe(false);
    expect(ssnValid("777777777")).toBe(false);
  });
  it("redacts to the last four (SSN) and first/last four (card)", () => {
    expect(redactSsn("123-45-6789")).toBe("***-**-6789");
    expect(redactSsn("123456789")).toBe("***-**-6789");
    expect(redactCard("4111111111111111")).toBe("4111 **** **** 1111");
    expect(redactCard("4111 1111 1111 1111")).toBe("4111 **** **** 1111");
    expect(redactCard("378282246310005")).toBe("3782 **** *** 0005");
  });
  it("the combined table finds both kinds and never the raw value in redactions", () => {
    const text = '{"ssn":"536-22-1234","card":"4111111111111111"}';
    const found = piiTable.scan(text);
    expect(found.map((m) => m.row.kind).sort()).toEqual(["card", "ssn"]);
    for (const m of found) expect((m.row as { redact(v: string): string }).redact(m.value)).not.toContain(m.value);
  });
});
