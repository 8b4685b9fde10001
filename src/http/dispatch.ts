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
  /** Where the scan's repeated header values and short bodies are shared (see Interner). */
  interner?: Interner;
}

/**
 * One copy of each short text a scan keeps seeing: every answer repeats `application/json`,
 * `keep-alive`, the second's date, often the same short body. Each recorded exchange would otherwise
 * hold its own copies for the whole scan (ten thousand of each on a large API), copied by every young
 * collection they survive. Per scan (per client), so no answer's text outlives its scan; bounded.
 */
export class Interner {
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly maxLength = 256,
    private readonly maxEntries = 4096,
  ) {}

  get(text: string): string {
    if (text.length > this.maxLength) return text;
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    if (this.seen.size >= this.maxEntries) this.seen.clear(); // e.g. a date per second over a long scan
    this.seen.set(text, text);
    return text;
  }
}

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
export function headerRecord(raw: readonly (Buffer | string)[], interner?: Interner): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = lowerName(raw[i]!.toString("latin1"));
    if (name === "__proto__") continue; // never a property that changes the record's prototype
    const text = raw[i + 1]!.toString("latin1");
    const value = interner ? interner.get(text) : text;
    out[name] = Object.hasOwn(out, name) ? `${out[name]}\n${value}` : value;
  }
  return out;
}

/** What may abort a request in flight: the client keeps these to stop them all when the scan is aborted. */
export interface Abortable {
  abort(reason: Error): void;
}

const onDeadline = (call: DispatchCall): void => {
  call.deadlineHit = true;
  call.abort(new Error(`deadline of ${call.input.timeoutMs} ms`));
};

/**
 * One request on the pool, from dispatch to the last body byte, with its own deadline. It is the undici
 * handler itself, using undici's original callback interface (onConnect, onHeaders, onData …), the one
 * undici's own request() uses: handlers of the newer interface are wrapped per request, with the headers
 * parsed into an object that this module would only copy again. One object per request, methods on the
 * prototype: no closures, no stream, no async iterator, no abort signal per request.
 *
 * `done` settles when the request does (never rejects): then either `failure` holds the error that came
 * before any answer, or `status`, `headers` and `body` hold the answer (a read error after the headers is
 * kept in `body.error` with what arrived before it). 1xx answers are passed over.
 */
export class DispatchCall implements Dispatcher.DispatchHandler, Abortable {
  status = 0;
  headers: Record<string, string> = {};
  body: CappedBody | null = null;
  failure: unknown = null;
  /** The deadline (not the server, not the scan) ended the request. */
  deadlineHit = false;
  readonly started = performance.now();
  readonly done: Promise<DispatchCall>;
  private settled = false;
  private collector: CappedBodyCollector | null = null;
  private abortConnected: ((reason: Error) => void) | null = null;
  private pendingReason: Error | null = null;
  private readonly timer: NodeJS.Timeout;
  private resolve!: (call: DispatchCall) => void;

  constructor(
    readonly input: DispatchInput,
    private readonly inFlight: Set<Abortable>,
  ) {
    this.done = new Promise((resolve) => (this.resolve = resolve));
    this.timer = setTimeout(onDeadline, input.timeoutMs, this);
    inFlight.add(this);
  }

  /** Sends on `dispatcher` (once). */
  start(dispatcher: Dispatcher): this {
    const url = this.input.url;
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: url.search ? `${url.pathname}${url.search}` : url.pathname,
        method: this.input.method as Dispatcher.HttpMethod,
        headers: this.input.headers,
        body: this.input.body,
        headersTimeout: this.input.timeoutMs,
        bodyTimeout: this.input.timeoutMs,
      },
      this,
    );
    return this;
  }

  // Before the request is on a connection there is nothing to abort yet: it is aborted when it gets one.
  abort(reason: Error): void {
    if (this.settled) return;
    if (this.abortConnected) this.abortConnected(reason);
    else this.pendingReason ??= reason;
  }

  onConnect(abort: (err?: Error) => void): void {
    this.abortConnected = abort;
    if (this.pendingReason) abort(this.pendingReason);
  }

  onHeaders(statusCode: number, raw: Buffer[]): boolean {
    if (statusCode < 200) return true; // informational: the final answer follows
    this.status = statusCode;
    this.headers = headerRecord(raw, this.input.interner);
    this.collector = new CappedBodyCollector(this.input.maxBodyBytes);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled || !this.collector || this.collector.push(chunk)) return true;
    // The cap is reached: answer now and close this connection rather than drain the rest.
    const abort = this.abortConnected;
    this.answer();
    queueMicrotask(() => abort?.(new errors.RequestAbortedError()));
    return false;
  }

  onComplete(): void {
    this.answer();
  }

  onError(err: Error): void {
    if (this.settled) return;
    if (this.collector) {
      this.collector.fail(err);
      this.answer();
    } else {
      this.failure = err;
      this.settle();
    }
  }

  private answer(): void {
    if (this.settled) return;
    const body = (this.collector ?? new CappedBodyCollector(0)).result(this.declaredLength());
    if (this.input.interner) body.text = this.input.interner.get(body.text);
    this.body = body;
    this.settle();
  }

  private declaredLength(): number | null {
    if (this.input.method === "HEAD" || this.status === 204 || this.status === 304) return null;
    const n = Number.parseInt(this.headers["content-length"] ?? "", 10);
    return Number.isFinite(n) ? n : null;
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.inFlight.delete(this);
    this.resolve(this);
  }
}
