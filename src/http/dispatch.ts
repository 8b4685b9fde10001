// One request on the undici pool through its dispatcher interface with a minimal handler: the body is
// collected as it arrives (no stream, no async iterator, no abort signal per request), which costs about
// half of what undici's request() costs per request. Behaviour follows request(): 1xx answers are passed
// over, an error before the headers rejects, an error after them is kept with the body read so far.
import { errors, type Dispatcher } from "undici";
import { CappedBodyCollector, type CappedBody } from "./body.js";

export interface DispatchInput {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
  timeoutMs: number;
  maxBodyBytes: number;
}

export interface DispatchResult {
  status: number;
  /** Lower-cased names; repeated headers joined with a newline. */
  headers: Record<string, string>;
  body: CappedBody;
}

/** Aborts one request in flight (deadline, scan abort). */
export type Abort = (reason: Error) => void;

/** Lower-cased header names, the common ones without a new string per response. */
const LOWER_NAMES = new Map<string, string>();
function lowerName(raw: string): string {
  let lower = LOWER_NAMES.get(raw);
  if (lower === undefined) {
    lower = raw.toLowerCase();
    if (LOWER_NAMES.size < 512) LOWER_NAMES.set(raw, lower); // bounded: a hostile server may invent names
  }
  return lower;
}

/**
 * undici's raw headers (name, value, name, value … as bytes) → one string per lower-cased name, repeats
 * joined by a newline (as the recorded form has them). Read in one pass: undici's own parsing into an
 * object, then a copy into this form, cost twice the allocations per response.
 */
export function headerRecord(raw: readonly (Buffer | string)[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = lowerName(raw[i]!.toString("latin1"));
    if (name === "__proto__") continue; // never a property that changes the record's prototype
    const value = raw[i + 1]!.toString("latin1");
    out[name] = Object.hasOwn(out, name) ? `${out[name]}\n${value}` : value;
  }
  return out;
}

/**
 * Sends `input`; `register` receives an abort for the request in flight and returns a function that
 * forgets it once the request settles.
 *
 * The handler uses undici's original callback interface (onConnect, onHeaders, onData …), the one its own
 * request() uses: handlers of the newer interface are wrapped per request, with the headers parsed into
 * an object that this module would only copy again.
 */
export function dispatchOnce(dispatcher: Dispatcher, input: DispatchInput, register: (abort: Abort) => () => void): Promise<DispatchResult> {
  return new Promise((resolve, reject) => {
    let abortConnected: ((reason: Error) => void) | null = null;
    let pendingReason: Error | null = null;
    let settled = false;
    let status = 0;
    let headers: Record<string, string> | null = null;
    let collector: CappedBodyCollector | null = null;
    const declared = (): number | null => {
      if (!headers || input.method === "HEAD" || status === 204 || status === 304) return null;
      const n = Number.parseInt(headers["content-length"] ?? "", 10);
      return Number.isFinite(n) ? n : null;
    };
    // Before the request is on a connection there is nothing to abort yet: it is aborted when it gets one.
    const abort: Abort = (reason) => {
      if (abortConnected) abortConnected(reason);
      else pendingReason ??= reason;
    };
    const forget = register(abort);
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      forget();
      fn();
    };
    const done = () =>
      settle(() => resolve({ status, headers: headers ?? {}, body: (collector ?? new CappedBodyCollector(0)).result(declared()) }));
    const handler: Dispatcher.DispatchHandler = {
      onConnect(abortRequest) {
        abortConnected = abortRequest as (reason: Error) => void;
        if (pendingReason) abortRequest(pendingReason);
      },
      onHeaders(statusCode, raw) {
        if (statusCode < 200) return true; // informational: the final answer follows
        status = statusCode;
        headers = headerRecord(raw);
        collector = new CappedBodyCollector(input.maxBodyBytes);
        return true;
      },
      onData(chunk) {
        if (settled || !collector || collector.push(chunk)) return true;
        // The cap is reached: answer now and close this connection rather than drain the rest.
        done();
        queueMicrotask(() => abortConnected?.(new errors.RequestAbortedError()));
        return false;
      },
      onComplete() {
        done();
      },
      onError(err) {
        if (settled) return;
        if (collector) {
          collector.fail(err);
          done();
        } else settle(() => reject(err));
      },
    };
    dispatcher.dispatch(
      {
        origin: input.url.origin,
        path: input.url.search ? `${input.url.pathname}${input.url.search}` : input.url.pathname,
        method: input.method as Dispatcher.HttpMethod,
        headers: input.headers,
        body: input.body,
        headersTimeout: input.timeoutMs,
        bodyTimeout: input.timeoutMs,
      },
      handler,
    );
  });
}
