// Recorded exchanges built from literal request/response pairs, for the pure judge and parser tests.
import type { Exchange } from "../../../src/core/types.js";

let id = 1;

export function exchangeOf(status: number, body: unknown, opts: { contentType?: string; request?: unknown; headers?: Record<string, string> } = {}): Exchange {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return {
    id: id++,
    source: "test",
    operation: null,
    request: { method: "POST", url: "http://127.0.0.1:1/chat", headers: {}, body: opts.request === undefined ? null : JSON.stringify(opts.request), identity: null },
    response: {
      status,
      headers: opts.headers ?? {},
      body: text,
      size: text.length,
      truncated: false,
      contentType: opts.contentType ?? (typeof body === "string" ? "text/plain" : "application/json"),
      timeMs: 1,
    },
    error: null,
    redirects: [],
  };
}
