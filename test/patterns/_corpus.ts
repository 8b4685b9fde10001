// Shared harness for pattern-table corpora: every row states texts it must match and look-alikes it must not.
import { expect, it } from "vitest";
import type { CompiledTable, PatternRow } from "../../src/patterns/table.js";

export interface RowCorpus {
  /** Texts in which this row must find a match (and the value it must find, when given). */
  positive: (string | { text: string; value: string })[];
  /** Look-alikes this row must not match. */
  negative: string[];
}

export function corpusTests<R extends PatternRow>(table: CompiledTable<R>, corpus: Record<string, RowCorpus>): void {
  it("has a positive and a negative example for every row, and no corpus for unknown rows", () => {
    const ids = table.rows.map((r) => r.row.id).sort();
    expect(Object.keys(corpus).sort()).toEqual(ids);
    for (const id of ids) {
      expect(corpus[id]!.positive.length, id).toBeGreaterThan(0);
      expect(corpus[id]!.negative.length, id).toBeGreaterThan(0);
    }
  });
  for (const [id, c] of Object.entries(corpus)) {
    it(`${id}: matches every positive example`, () => {
      for (const p of c.positive) {
        const text = typeof p === "string" ? p : p.text;
        const found = table.scan(text).filter((m) => m.row.id === id);
        expect(found.length, `${id} should match: ${text}`).toBeGreaterThan(0);
        if (typeof p !== "string") expect(found.map((m) => m.value)).toContain(p.value);
      }
    });
    it(`${id}: ignores every negative example`, () => {
      for (const n of c.negative) {
        const found = table.scan(n).filter((m) => m.row.id === id);
        expect(found.map((m) => m.value), `${id} should not match: ${n}`).toEqual([]);
      }
    });
  }
}

export function corpusSize(corpus: Record<string, RowCorpus>): { positive: number; negative: number } {
  let positive = 0;
  let negative = 0;
  for (const c of Object.values(corpus)) {
    positive += c.positive.length;
    negative += c.negative.length;
  }
  return { positive, negative };
}
