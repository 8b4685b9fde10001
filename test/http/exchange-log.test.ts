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

  it("reads the key of a serialised URL from its text exactly as a full parse gives it", () => {
    // The reference: what the key is by definition (origin, path without trailing slashes, query).
    const parsed = (url: string): string => {
      try {
        const u = new URL(url);
        return `${u.origin}${u.pathname.replace(/\/+$/, "")}${u.search}`;
      } catch {
        return `\0${url}`;
      }
    };
    const tricky = [
      "http://127.0.0.1:3000/a/b/?x=1#f", "http://127.0.0.1:80/a", "https://h:443/", "http://0x7f.1/a", "http://1.2.3/a",
      "http://01.2.3.4/", "http://256.1.1.1/", "http://h/a/../b", "http://h/a/%2e%2E/b", "http://h/a/.", "http://h/a?",
      "http://h/a?x'y", "http://h/a b", "http://h/a\tb", "http://u:p@h/a", "http://xn--zz/a", "http://h:99999/", "http://H/a",
      "http://h/\u00e9", "http://h/$RAMPART_X?k=$RAMPART_Y", "http://h/a\\b", "http://1.2.3.4./x", "http://h/{x}", "http://12/",
    ];
    for (const url of tricky) expect(urlKey(url), url).toBe(parsed(url));
    // And random URLs over the characters that matter to the parser (seeded: the same ones every run).
    const alphabet = ["/", ".", "..", "%2e", "?", "#", "'", " ", "\t", "\\", "@", ":", "0", "1", "x", "X", "a", "{", "|", "\u00e9", "%", "$"];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const hosts = ["127.0.0.1", "h", "0x7f.1", "1.2.3", "h:8080", "h:80", "a.b", "xn--a"];
    for (let i = 0; i < 3000; i++) {
      let rest = "/";
      for (let n = next() % 10; n > 0; n--) rest += alphabet[next() % alphabet.length];
      const url = `${next() % 2 ? "http" : "https"}://${hosts[next() % hosts.length]}${rest}`;
      expect(urlKey(url), url).toBe(parsed(url));
    }
  });
});
