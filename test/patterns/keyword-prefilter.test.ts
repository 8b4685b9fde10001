// Keyword pre-filters by character set and answers kept by text must change no answer.
import { describe, expect, it } from "vitest";
import { charSet, containsAny, mayContain, recentTexts } from "../../src/patterns/memo.js";
import { compileTable } from "../../src/patterns/table.js";
import { secretTable } from "../../src/patterns/secrets.js";
import { sqlErrorTable } from "../../src/patterns/error-signatures.js";

const ALPHABET = ["a", "b", "k", "y", "-", " ", "=", "@", "(", "\u212a", "\u0130", "\u00e9", "\ud83d\ude00", "\u0000", "\u007f", "\u0080", "\uffff"];

function randomText(seed: number, length: number): string {
  let x = seed;
  let out = "";
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out += ALPHABET[x % ALPHABET.length];
  }
  return out;
}

describe("keyword pre-filter", () => {
  it("containsAny answers as keywords.some(includes) on any text", () => {
    const keywords = ["ab", "k-", "y=", "@(", "\u00e9a", "\ud83d\ude00k", "\u0080", "", "zz"];
    for (let seed = 1; seed < 400; seed++) {
      const text = randomText(seed, seed % 40);
      for (let n = 1; n <= keywords.length; n++) {
        const some = keywords.slice(0, n);
        expect(containsAny(text, some, some.map(charSet))).toBe(some.some((k) => text.includes(k)));
      }
    }
  });

  it("a text holding a keyword always may contain it", () => {
    for (let seed = 1; seed < 200; seed++) {
      const text = randomText(seed, 30);
      const word = text.slice(seed % 10, (seed % 10) + 5);
      expect(mayContain(charSet(text), charSet(word))).toBe(true);
    }
  });

  it("tables find the same matches with and without the pre-filter, asked once or again", () => {
    const texts = [
      '{"error":"You have an error in your SQL syntax; check the manual"}',
      'SQLSTATE[42601]: syntax error at or near "x"',
      "aws_secret_access_key=AKIAIOSFODNN7EXAMPLE and ghp_0123456789abcdefghijklmnopqrstuvwxyzAB",
      `${"x".repeat(300)} ORA-00933: SQL command not properly ended ${"y".repeat(300)}`,
      "nothing here",
    ];
    for (const table of [sqlErrorTable, secretTable]) {
      const plain = compileTable(table.rows.map((r) => ({ ...r.row, keywords: [] })));
      for (const text of [...texts, ...texts]) {
        const expected = plain.scan(text, 50).filter((m) => table.rows.find((r) => r.row.id === m.row.id)!.keywords.length === 0 || table.rows.find((r) => r.row.id === m.row.id)!.keywords.some((k) => text.toLowerCase().includes(k)));
        expect(table.scan(text, 50).map((m) => [m.row.id, m.value, m.index])).toEqual(expected.map((m) => [m.row.id, m.value, m.index]));
      }
    }
  });

  it("recentTexts derives once per distinct text among the recent ones", () => {
    const calls: string[] = [];
    const length = recentTexts((t: string) => (calls.push(t), t.length), 2);
    const a = "a".repeat(3);
    expect([length(a), length("bb"), length("aaa"), length(a.slice(0)), length("c"), length("bb")]).toEqual([3, 2, 3, 3, 1, 2]);
    expect(calls).toEqual(["aaa", "bb", "c", "bb"]); // "c" pushed out "bb", the least recently asked
  });
});
