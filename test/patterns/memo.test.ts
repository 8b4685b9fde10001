// What analyzers share per exchange is derived once and only the last few answers are kept.
import { describe, expect, it } from "vitest";
import { lastArgument, parsedUrl, recentArguments } from "../../src/patterns/memo.js";
import { parseJsonBody } from "../../src/patterns/text.js";
import type { RecordedResponse } from "../../src/core/types.js";

describe("memo", () => {
  it("lastArgument derives again only when the argument changes", () => {
    const calls: string[] = [];
    const upper = lastArgument((s: string) => (calls.push(s), s.toUpperCase()));
    expect([upper("a"), upper("a"), upper("b"), upper("a")]).toEqual(["A", "A", "B", "A"]);
    expect(calls).toEqual(["a", "b", "a"]);
  });

  it("recentArguments keeps the last `size` answers and forgets older ones", () => {
    const calls: number[] = [];
    const square = recentArguments((n: number) => (calls.push(n), n * n), 2);
    expect([square(2), square(3), square(2), square(3)]).toEqual([4, 9, 4, 9]);
    expect(calls).toEqual([2, 3]);
    square(4); // evicts 2, the oldest
    square(2);
    expect(calls).toEqual([2, 3, 4, 2]);
  });

  it("parsedUrl parses a URL once for consecutive askers and gives null for what does not parse", () => {
    const url = "http://127.0.0.1:8080/users/7?x=1";
    const a = parsedUrl(url);
    expect(a?.pathname).toBe("/users/7");
    expect(parsedUrl(url)).toBe(a);
    expect(parsedUrl("not a url")).toBeNull();
  });
});

describe("parseJsonBody", () => {
  const response = (body: string, truncated = false): RecordedResponse => ({ status: 200, headers: {}, body, size: body.length, truncated, contentType: "application/json", timeMs: 1 });

  it("parses once per recent response, not a truncated or non-JSON body", () => {
    const res = response('  {"id": 1}');
    const first = parseJsonBody(res);
    expect(first?.value).toEqual({ id: 1 });
    expect(parseJsonBody(res)).toBe(first);
    expect(parseJsonBody(response('{"id": 1', true))).toBeNull();
    expect(parseJsonBody(response("<html>"))).toBeNull();
  });

  it("keeps only recent answers: a response asked about long ago is parsed again (same value, new object)", () => {
    const old = response('{"n": 0}');
    const first = parseJsonBody(old);
    for (let i = 1; i <= 100; i++) parseJsonBody(response(`{"n": ${i}}`));
    const again = parseJsonBody(old);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });
});
