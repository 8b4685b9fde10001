import { describe, expect, it } from "vitest";
import type { Exchange, Operation } from "../../src/core/types.js";
import { createExchangeLog, urlKey } from "../../src/http/exchange-log.js";

const op = (key: string): Operation => ({ key }) as Operation;
let id = 0;
function ex(url: string, operation: Operation | null = null): Exchange {
  return {
    id: ++id,
    source: "test",
    operation,
    request: { method: "GET", url, headers: {}, body: null, identity: null },
    response: null,
    error: null,
    redirects: [],
  };
}

describe("exchange log", () => {
  it("indexes by operation key and by URL, in recording order", () => {
    const log = createExchangeLog();
    const a = op("GET /a");
    const e1 = ex("http://127.0.0.1:8000/a", a);
    const e2 = ex("http://127.0.0.1:8000/b");
    const e3 = ex("http://127.0.0.1:8000/a/", a);
    for (const e of [e1, e2, e3]) log.add(e);
    expect(log.forOperation("GET /a")).toEqual([e1, e3]);
    expect(log.forOperation("GET /nothing")).toEqual([]);
    // trailing slashes do not matter, the query and the origin do
    expect(log.at("http://127.0.0.1:8000/a")).toEqual([e1, e3]);
    expect(log.at("http://127.0.0.1:8000/a?x=1")).toEqual([]);
    expect(log.at("http://127.0.0.1:8001/a")).toEqual([]);
    expect(log.at("http://127.0.0.1:8000/b//")).toEqual([e2]);
  });

  it("hands out snapshots: later exchanges do not appear in an answer already given", () => {
    const log = createExchangeLog();
    const a = op("GET /a");
    log.add(ex("http://127.0.0.1/a", a));
    const all = log.all();
    const ofA = log.forOperation("GET /a");
    expect(log.all()).toBe(all); // unchanged: the same array, no copy per call
    log.add(ex("http://127.0.0.1/a", a));
    expect(all).toHaveLength(1);
    expect(ofA).toHaveLength(1);
    expect(log.all()).toHaveLength(2);
    expect(Object.isFrozen(log.all())).toBe(true);
  });

  it("keys an unparseable URL by its text", () => {
    expect(urlKey("not a url")).not.toBe(urlKey("http://127.0.0.1/not a url"));
    const log = createExchangeLog();
    const e = ex("::");
    log.add(e);
    expect(log.at("::")).toEqual([e]);
    expect(urlKey("http://127.0.0.1/a/")).toBe(urlKey("http://127.0.0.1/a"));
  });
});
