// The JSON Pointer helpers and the status-keyed record the API model keeps responses in.
import { describe, expect, it } from "vitest";
import { fragmentTokens, setOwn, statusKeyedRecord, toPointer } from "../../src/spec/pointer.js";

describe("spec pointer helpers", () => {
  it("pointers round-trip their tokens, escapes included", () => {
    const tokens = ["paths", "/users/{id}", "get", "a~b"];
    const pointer = toPointer(tokens);
    expect(pointer).toBe("/paths/~1users~1{id}/get/a~0b");
    expect(fragmentTokens(pointer)).toEqual(tokens);
  });

  it("a status-keyed record is a plain object: same keys, order, JSON and prototype as one built by hand", () => {
    const codes = ["500", "200", "default", "404", "2XX"];
    const record = statusKeyedRecord<{ n: number }>();
    const plain: Record<string, { n: number }> = {};
    codes.forEach((code, n) => {
      setOwn(record, code, { n });
      setOwn(plain, code, { n });
    });
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(["200", "404", "500", "default", "2XX"]);
    expect(Object.keys(record)).toEqual(Object.keys(plain));
    expect(JSON.stringify(record)).toBe(JSON.stringify(plain));
    expect(record).toEqual(plain);
    expect(Object.prototype.hasOwnProperty.call(record, "4294967294")).toBe(false);
    expect(Object.keys(statusKeyedRecord())).toEqual([]);
  });
});
