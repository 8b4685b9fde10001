// The only way Rampart sends HTTP: one undici pool behind the safety policy (mode, scope, budget,
// rate, concurrency, deadlines), with every exchange recorded and redacted.
import { Agent } from "undici";
import type { HttpClient, HttpRequestInput } from "../core/check.js";
import { BudgetExhaustedError, PolicyError } from "../core/errors.js";
import type { Exchange, HttpMethod, Identity, Mode, Operation, RecordedResponse, ReproduceVariable } from "../core/types.js";
import { LoginError, declaredKey, type LoginHttpRequest, type LoginHttpResponse, type ResolvedLogin } from "../auth/login-flow.js";
import { Sessions, type SessionStats } from "../auth/sessions.js";
import { DispatchCall, Interner, type Abortable } from "./dispatch.js";
import { MAX_REDIRECTS, nextHop } from "./redirect.js";
import { curlFor } from "./curl.js";
import { createExchangeLog } from "./exchange-log.js";
import { type Clock, RateLimiter, Semaphore, realClock } from "./limits.js";
import { describeNetworkError, requestLeft } from "./network-error.js";
import { pinnedLookup, type PinnedHosts } from "./pinned-lookup.js";
import {
  SAFE_METHODS,
  isIncluded,
  methodRefusal,
  scopeRefusal,
  unsafeOperationMatcher,
  unsafeOperationReason,
  unsafePathReason,
  type UnsafeOperationMatcher,
} from "./policy.js";
import { confirmsGraphql, endpointKey } from "../graphql/response.js";
import { graphqlRefusal } from "./graphql-policy.js";
import { queriesOnly, requestDocuments } from "../graphql/document.js";
import { createChangeLedger, type ChangeLedger, type CleanupDeriver } from "./changes.js";
import { finish, prepareRequest, type PreparedRequest, redraft } from "./prepare.js";
import { identityVariables, placeholderFor, redactHeaders, redactKnownSecrets, SecretList, secretsOf, secretsOfCredential, type Secret } from "./redact.js";
import { DEFAULT_MAX_BACKOFF_MS, DEFAULT_MAX_RETRIES, DEFAULT_THROTTLE_ALLOWANCE_MS, asksTooLong, backoffMs, isThrottled } from "./throttle.js";

export interface HttpClientConfig {
  baseUrl: string;
  mode: Mode;
  identities: Identity[];
  budget: number;
  ratePerSecond: number;
  concurrency: number;
  timeoutMs: number;
  maxBodyBytes: number;
  /** Full header value, e.g. `rampart/0.1.0` (a bare version is prefixed with `rampart/`). */
  userAgent: string;
  includeOperations: string[];
  /** GraphQL endpoints the user named (--graphql, an SDL spec): confirmed before any answer. */
  graphqlEndpoints?: string[];
  signal?: AbortSignal;
  /** Called for every recorded exchange with the requests sent so far (stats().sent, without building stats()). */
  onExchange?: (ex: Exchange, sent: number) => void;
  /** Virtual time for the rate limiter and back-off (tests). */
  clock?: Clock;
  /** Longest wait honoured from Retry-After (default 5000 ms). */
  maxBackoffMs?: number;
  /** Retries after a throttled response (default 2). */
  maxRetries?: number;
  /** Back-off time the whole scan may spend on throttled answers (default 60000 ms); then they are kept. */
  throttleAllowanceMs?: number;
  /** Memory for stored bodies across the scan (default 256 MiB); past it, bodies are kept to 64 KiB. */
  maxStoredBytes?: number;
  /** Declared login flows: their requests are the only non-safe ones safe mode sends for them. */
  logins?: readonly ResolvedLogin[];
  /** Connect only to these vetted addresses (the server's target guard); other names are not resolved. */
  pinnedHosts?: PinnedHosts;
  /** Further hosts the scan may reach without credentials (where the API's TLS is declared to be served). */
  transportHosts?: string[];
}

const DEFAULT_STORED_BYTES = 256 * 1024 * 1024;
const REDUCED_BODY_BYTES = 64 * 1024;

export interface HttpStats {
  sent: number;
  budget: number;
  byMethod: Record<string, number>;
  errors: number;
  throttled: number;
  incomplete: string | null;
}

export interface RecordingHttpClient extends HttpClient {
  /** Every exchange so far, in recording order (a snapshot: later ones do not appear in it). */
  exchanges(): readonly Exchange[];
  /** Exchanges of one operation (by key), in recording order: an index, not a scan of exchanges(). */
  exchangesFor(operationKey: string): readonly Exchange[];
  /** Exchanges whose recorded URL is this URL (same origin, path up to trailing slashes, query). */
  exchangesAt(url: string): readonly Exchange[];
  stats(): HttpStats;
  /** Every `$RAMPART_…` variable a record may carry: the identities' and those checks named for overrides. */
  variables(): ReproduceVariable[];
  close(): Promise<void>;
  withSource(source: string): HttpClient;
  /**
   * Teaches the guard the API's operations: outside active mode, a request whose method and path match
   * an operation that names a state-changing action (by path, operationId or summary) is refused even
   * when the sender did not pass `operation`. `basePath` is prefixed to the templates.
   */
  guardOperations(operations: readonly Operation[], basePath?: string): void;
  /** Logs every declared identity in (throws a LoginError naming the identity when one fails). */
  login(): Promise<void>;
  /** Logins and renewals so far, and renewals that failed mid-scan. */
  sessions(): SessionStats & { errors: readonly string[] };
  /** The changes ledger: every state-changing request sent so far (filled by send, not by callers). */
  readonly changes: ChangeLedger;
  /** Runs the registered clean-ups, newest change first, as budget-exempt requests recorded as `cleanup`. */
  undoChanges(derive?: CleanupDeriver): Promise<void>;
}

export { MAX_REDIRECTS };

interface HopResult {
  response: RecordedResponse | null;
  error: string | null;
  /** Location as the server sent it (the recorded one is redacted). */
  location: string | null;
}

export function normalizeUserAgent(ua: string): string {
  const text = ua.trim();
  if (text === "") return "rampart";
  if (/^\d/.test(text)) return `rampart/${text}`;
  return /rampart/i.test(text) ? text : `rampart ${text}`;
}

export function createHttpClient(config: HttpClientConfig): RecordingHttpClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const target = new URL(baseUrl);
  const targetPath = target.pathname.replace(/\/+$/, "");
  const clock = config.clock ?? realClock;
  const userAgent = normalizeUserAgent(config.userAgent);
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES;
  const maxBackoff = config.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const throttleAllowance = config.throttleAllowanceMs ?? DEFAULT_THROTTLE_ALLOWANCE_MS;
  const agent = new Agent({
    // Certificate problems are the TLS audit's findings; scanning must not stop at them.
    connect: {
      rejectUnauthorized: false,
      timeout: config.timeoutMs,
      ...(config.pinnedHosts ? { lookup: pinnedLookup(config.pinnedHosts) } : {}),
    },
    headersTimeout: config.timeoutMs,
    bodyTimeout: config.timeoutMs,
    connections: Math.max(1, config.concurrency),
  });
  // Requests on the wire, each abortable: a scan abort stops them all (one listener, not one per request).
  const inFlight = new Set<Abortable>();
  const interner = new Interner();
  const scanAbortReason = (): Error => (config.signal?.reason instanceof Error ? config.signal.reason : new Error("scan aborted"));
  config.signal?.addEventListener(
    "abort",
    () => {
      for (const call of [...inFlight]) call.abort(scanAbortReason());
    },
    { once: true },
  );
  const alsoHosts = (config.transportHosts ?? []).map((h) => h.toLowerCase().replace(/^\[|\]$/g, ""));
  const limiter = new RateLimiter(config.ratePerSecond, clock);
  const slots = new Semaphore(Math.max(1, config.concurrency));
  // Checks fan out over every operation at once: only this many requests are prepared (URLs, header maps,
  // recorded forms) and in flight; the others wait as their bare input. Thousands of prepared requests
  // waiting for a slot would outlive young-generation collections and cost more to collect than to send.
  const admission = new Semaphore(2 * Math.max(1, config.concurrency));
  const logins = config.logins ?? [];
  // Grows during the scan (logins, cracked and named credentials); one matcher serves every redaction.
  const secretList = new SecretList([...secretsOf(config.identities), ...logins.flatMap((l) => l.secrets)]);
  const secrets: readonly Secret[] = secretList.all;
  const targetOrigin = target.origin;
  // One options object for every request (the secret list grows in place).
  const prepareOptions = { baseUrl, targetOrigin, identities: config.identities, userAgent, secrets };
  const addSecrets = (more: readonly Secret[]) => secretList.add(more);
  // Exactly the declared login requests (method + URL without query) pass safe mode through sendLogin.
  const declaredLogins = new Set(logins.flatMap((l) => l.declared.map((d) => declaredKey(d.method, d.url))));
  const variables = new Map(identityVariables(config.identities).map((v) => [v.variable, v]));
  const recorded = createExchangeLog();
  const byMethod: Record<string, number> = {};
  /** Budget taken: every attempt reserves one before it waits for a slot. */
  let sent = 0;
  /** Requests that reached the server (a connection was made): what stats() reports as sent. */
  let onWire = 0;
  let refusedByBudget = 0;
  let errors = 0;
  // Every exchange is kept for the analyzers: bound what their bodies may hold in total.
  let storedBytes = 0;
  const storeBudget = config.maxStoredBytes ?? DEFAULT_STORED_BYTES;
  let throttled = 0;
  let throttleGaveUp = 0;
  // Throttled answers kept without a retry: Retry-After asked more than the scan waits (longest asked),
  // or the scan's back-off allowance was spent.
  let throttleTooLong = 0;
  let longestAskedMs = 0;
  let throttleOverAllowance = 0;
  let throttleWaitedMs = 0;
  let nextId = 1;
  let guard: UnsafeOperationMatcher | null = null;
  // Endpoints that answered a GraphQL request in GraphQL's shape (or that the user named): safe mode may
  // POST queries to them.
  const graphqlEndpoints = new Set((config.graphqlEndpoints ?? []).map((u) => endpointKey(u)));

  // Clean-up requests pass the budget: each registered clean-up held one request of it back.
  const cleanupRequests = new WeakSet<HttpRequestInput>();
  const ledger = createChangeLedger();

  function takeBudget(req?: HttpRequestInput): void {
    if (req && cleanupRequests.has(req)) {
      sent++;
      return;
    }
    if (sent + ledger.pending() >= config.budget) {
      refusedByBudget++;
      throw new BudgetExhaustedError(`request budget of ${config.budget} exhausted`);
    }
    sent++;
  }

  function countSent(method: string): void {
    onWire++;
    byMethod[method] = (byMethod[method] ?? 0) + 1;
  }

  /** Mode and safe-mode operation policy; throws PolicyError. */
  function enforceMode(p: Pick<PreparedRequest, "method" | "url" | "headers" | "body">, req: HttpRequestInput): void {
    const graphql = req.graphql ?? false;
    const contentType = p.headers["content-type"];
    const byGraphql = graphqlRefusal(config.mode, {
      method: p.method,
      url: p.url,
      body: p.body,
      contentType,
      graphql,
      confirmed: graphql && graphqlEndpoints.has(endpointKey(p.url)),
    });
    if (byGraphql) throw new PolicyError(byGraphql);
    const refusal = methodRefusal(config.mode, {
      method: p.method,
      aiPrompt: req.aiPrompt ?? false,
      graphqlQuery: graphql,
      body: p.body,
      contentType: p.headers["content-type"],
    });
    if (refusal) throw new PolicyError(refusal);
    if (config.mode === "active") return;
    const pathname = p.url.pathname;
    const path = targetPath && pathname.startsWith(targetPath) ? pathname.slice(targetPath.length) : pathname;
    if (config.includeOperations.length > 0 && [pathname, path].some((x) => isIncluded(config.includeOperations, p.method, x, req.operation))) return;
    const reason = req.operation
      ? unsafeOperationReason(req.operation)
      : (unsafePathReason(path) ?? guard?.match(p.method, path) ?? null);
    if (reason) throw new PolicyError(`${config.mode} mode skips ${p.method} ${p.url.pathname}: ${reason}`);
  }

  /** One request on the wire; settles (never rejects) as the hop's result. */
  function fetchOnce(p: PreparedRequest, timeoutMs: number, maxBodyBytes: number): Promise<HopResult> {
    const cap = storedBytes >= storeBudget ? Math.min(maxBodyBytes, REDUCED_BODY_BYTES) : maxBodyBytes;
    const call = new DispatchCall({ url: p.url, method: p.method, headers: p.headers, body: p.body, timeoutMs, maxBodyBytes: cap, interner }, inFlight);
    if (config.signal?.aborted) call.abort(scanAbortReason());
    return call.start(agent).done.then(hopOf);
  }

  // Made once per client, not per request: the call carries everything the result needs.
  const hopOf = (call: DispatchCall): HopResult => {
    const method = call.input.method;
    const body = call.body;
    if (!body) {
      errors++;
      if (requestLeft(call.failure)) countSent(method);
      return { response: null, error: describeFailure(call, call.failure), location: null };
    }
    const headers = call.headers;
    storedBytes += body.text.length;
    // Raw here: redacted when recorded, once a login answer has named its own secrets.
    const response: RecordedResponse = {
      status: call.status,
      headers,
      body: body.text,
      size: body.size,
      truncated: body.truncated,
      contentType: headers["content-type"] ?? "",
      timeMs: Math.round(performance.now() - call.started),
    };
    countSent(method);
    if (body.error) errors++;
    const error = body.error ? `${describeFailure(call, body.error)} while reading the body` : null;
    return { response, error, location: headers["location"] ?? null };
  };
  const describeFailure = (call: DispatchCall, e: unknown): string =>
    config.signal?.aborted ? "aborted" : describeNetworkError(e, call.input.timeoutMs, call.deadlineHit);


  /**
   * A rate token, then the request. Most requests find a token and have no identity to renew: they go
   * straight to fetchOnce, without an async layer of their own.
   */
  function fetchGated(p: PreparedRequest, req: HttpRequestInput, timeoutMs: number, beforeFetch?: () => Promise<void>): Promise<HopResult> {
    const maxBody = req.maxBodyBytes ?? config.maxBodyBytes;
    if (!beforeFetch && limiter.tryTake()) return fetchOnce(p, timeoutMs, maxBody);
    return fetchAfterWaits(p, timeoutMs, maxBody, beforeFetch);
  }

  async function fetchAfterWaits(p: PreparedRequest, timeoutMs: number, maxBody: number, beforeFetch?: () => Promise<void>): Promise<HopResult> {
    if (!limiter.tryTake()) await limiter.take(config.signal);
    if (!beforeFetch) return fetchOnce(p, timeoutMs, maxBody);
    await beforeFetch();
    // Credentials are re-attached from the identity as it is now (a renewal replaces them in place).
    return fetchOnce(finish(redraft(p, { headers: p.draftHeaders }), secrets), timeoutMs, maxBody);
  }

  /** One hop: budget, concurrency slot, rate token, then retries while the target throttles. */
  /**
   * `beforeFetch` runs once the request holds its slot and rate token, right before it goes out: a
   * logged-in identity's token is checked (and renewed) then, not while the request waited in line.
   * Login requests pass `slotless` so a renewal never waits for a slot its own waiters hold.
   */
  async function sendHop(
    p: PreparedRequest,
    req: HttpRequestInput,
    timeoutMs: number,
    beforeFetch?: () => Promise<void>,
    slotless = false,
  ): Promise<HopResult> {
    const retry = req.retryThrottled !== false;
    let last: HopResult | null = null;
    for (let attempt = 0; ; attempt++) {
      if (last && sent >= config.budget) {
        throttleGaveUp++; // the budget ran out while backing off: keep the throttled answer
        return last;
      }
      takeBudget(req);
      let result: HopResult;
      // The slot is taken and given back here, not through Semaphore.run: one async layer less per request.
      if (slotless) result = await fetchGated(p, req, timeoutMs, beforeFetch);
      else {
        if (!slots.tryAcquire()) await slots.acquire();
        try {
          result = await fetchGated(p, req, timeoutMs, beforeFetch);
        } finally {
          slots.release();
        }
      }
      const res = result.response;
      if (!retry || !res || !isThrottled(res.status, res.headers)) return result;
      throttled++;
      if (attempt >= maxRetries || sent >= config.budget) {
        throttleGaveUp++;
        return result;
      }
      const tooLong = asksTooLong(res.headers, clock.now(), maxBackoff);
      if (tooLong !== null) {
        throttleTooLong++;
        longestAskedMs = Math.max(longestAskedMs, tooLong);
        return result;
      }
      const delay = backoffMs(res.headers, attempt, clock.now(), maxBackoff);
      if (throttleWaitedMs + delay > throttleAllowance) {
        throttleOverAllowance++;
        return result;
      }
      throttleWaitedMs += delay;
      last = result;
      limiter.pauseFor(delay); // everyone slows down, not just this request
      await clock.sleep(delay, config.signal);
    }
  }

  function redactResponse(res: RecordedResponse | null): RecordedResponse | null {
    if (!res || secrets.length === 0) return res;
    const headers = redactHeaders(res.headers, secrets);
    const body = redactKnownSecrets(res.body, secrets);
    return headers === res.headers && body === res.body ? res : { ...res, headers, body };
  }

  function record(ex: Omit<Exchange, "id">): Exchange {
    const full: Exchange = {
      id: nextId++,
      source: ex.source,
      operation: ex.operation,
      request: ex.request,
      response: redactResponse(ex.response),
      error: ex.error,
      redirects: ex.redirects,
    };
    recorded.add(full);
    config.onExchange?.(full, onWire);
    return full;
  }

  /** Sends and enters a state-changing exchange in the changes ledger (clean-ups are entries' undo, not entries). */
  function send(req: HttpRequestInput, source: string): Promise<Exchange> {
    const pending = sendAs(req, source);
    // The recorded method is this one (prepareRequest's normalisation): a safe request needs no ledger step.
    if (source === "cleanup" || SAFE_METHODS.has((req.method ?? "GET").toUpperCase())) return pending;
    return pending.then((ex) => {
      if (!SAFE_METHODS.has(ex.request.method)) ledger.note(ex, ledgerKind(req, ex));
      return ex;
    });
  }

  /** A text prompt to an AI endpoint and a GraphQL request holding only queries change nothing. */
  function ledgerKind(req: HttpRequestInput, ex: Exchange): { aiPrompt: boolean; graphqlQuery: boolean } {
    if (!req.graphql) return { aiPrompt: req.aiPrompt ?? false, graphqlQuery: false };
    const docs = requestDocuments(new URL(ex.request.url), ex.request.body, ex.request.headers["content-type"]);
    return { aiPrompt: req.aiPrompt ?? false, graphqlQuery: docs !== null && docs.length > 0 && queriesOnly(docs) };
  }

  /** Sends as a logged-in identity: a token near expiry is renewed first, an unexpected 401 once. */
  function sendAs(req: HttpRequestInput, source: string): Promise<Exchange> {
    const label = req.identity;
    if (!sessions || !label || !sessions.has(label) || req.credentialsOverride) return sendOnce(req, source).then(record);
    return sendLoggedIn(req, source, sessions, label);
  }

  async function sendLoggedIn(req: HttpRequestInput, source: string, sessions: Sessions, label: string): Promise<Exchange> {
    let generation = 0;
    const fresh = async () => {
      generation = await sessions.fresh(label);
    };
    const first = await sendOnce(req, source, fresh);
    if (first.response?.status !== 401) return record(first);
    const endpoint = `${first.request.method} ${new URL(first.request.url).pathname}`;
    if (!(await sessions.after401(label, generation, endpoint))) return record(first);
    let second: Omit<Exchange, "id">;
    try {
      second = await sendOnce(req, source, fresh);
    } catch (e) {
      if (e instanceof BudgetExhaustedError) return record(first); // keep the answer we have
      throw e;
    }
    sessions.noteResend(label, endpoint, second.response?.status ?? null);
    return record(second); // the superseded 401 is counted in the budget, not recorded
  }

  /** One request through admission and policy, redirects followed; the caller records the result. */
  async function sendOnce(req: HttpRequestInput, source: string, beforeFetch?: () => Promise<void>): Promise<Omit<Exchange, "id">> {
    // Admission is taken and given back here, not through Semaphore.run: one async layer less per request.
    if (!admission.tryAcquire()) await admission.acquire();
    try {
      if (config.signal?.aborted) throw config.signal.reason instanceof Error ? config.signal.reason : new Error("scan aborted");
      for (const c of req.credentialsOverride ?? []) {
        // A cracked secret (or a token a check named) stays hidden in this record and every later one.
        if (c.as) {
          if (!variables.has(c.as.variable)) variables.set(c.as.variable, c.as);
          const placeholder = `$${c.as.variable}`;
          addSecrets([{ value: c.value, placeholder }]);
        } else if (c.redact) {
          addSecrets(secretsOfCredential(c, "override"));
          const variable = placeholderFor(c, "override").slice(1);
          if (!variables.has(variable)) variables.set(variable, { variable, holds: "a credential Rampart derived during the scan (kept out of the report)" });
        }
      }
      const first = prepareRequest(req, prepareOptions);
      // The target's own origin is in scope: most requests, answered without parsing the host again.
      const scope = first.url.origin === targetOrigin ? null : scopeRefusal(first.url, target, alsoHosts);
      if (scope) throw new PolicyError(`out of scope: ${scope}`);
      enforceMode(first, req);
      const timeoutMs = req.timeoutMs ?? config.timeoutMs;
      const redirects: string[] = [];
      // Made when an answer names a Location (nextHop follows nothing else): most requests never need it.
      let seen: Set<string> | null = null;
      let current = first;
      let result = await sendHop(current, req, timeoutMs, beforeFetch);
      while (result.response && result.location !== null && req.followRedirects !== false) {
        const next = nextHop(current, result.response.status, result.location, {
          seen: (seen ??= new Set([`${first.method} ${first.url.href}`])),
          hops: redirects.length,
          targetOrigin,
          secrets,
        });
        if (next === null) break;
        if (typeof next === "string") {
          result = { ...result, error: next };
          break;
        }
        try {
          enforceMode(next, { ...req, operation: null });
        } catch {
          break; // a hop the mode forbids is reported as the 3xx it is
        }
        if (sent >= config.budget) {
          refusedByBudget++;
          break;
        }
        redirects.push(next.recordedUrl);
        current = next;
        result = await sendHop(current, req, timeoutMs, beforeFetch);
      }
      if (req.graphql && result.response && confirmsGraphql(result.response.body)) graphqlEndpoints.add(endpointKey(first.url));
      return {
        source,
        operation: req.operation ?? null,
        request: {
          method: first.method,
          url: first.recordedUrl,
          headers: first.recordedHeaders,
          body: first.recordedBody,
          identity: first.identity,
        },
        response: result.response,
        error: result.error,
        redirects,
      };
    } finally {
      admission.release();
    }
  }

  /**
   * A declared login request: allowed in safe mode because the user declared it, and only it (method and
   * URL must equal a declaration). Redirects are not followed (a login's Set-Cookie rides on its 302).
   */
  async function sendLogin(
    req: LoginHttpRequest,
    requestSecrets: readonly Secret[],
    responseSecrets: (res: LoginHttpResponse) => Secret[],
  ): Promise<LoginHttpResponse> {
    if (config.signal?.aborted) throw config.signal.reason instanceof Error ? config.signal.reason : new Error("scan aborted");
    const url = new URL(req.url);
    const scope = scopeRefusal(url, target);
    if (scope) throw new PolicyError(`login request out of scope: ${scope}`);
    if (!declaredLogins.has(declaredKey(req.method, req.url))) {
      throw new PolicyError(`${req.method} ${url.pathname} is not a declared login request`);
    }
    addSecrets(requestSecrets);
    const prepared = prepareRequest(
      { method: req.method as HttpMethod, url: req.url, headers: req.headers, body: req.body },
      { baseUrl, targetOrigin, identities: [], userAgent, secrets },
    );
    const result = await sendHop(prepared, { url: req.url, retryThrottled: true }, config.timeoutMs, undefined, true);
    if (result.response) addSecrets(responseSecrets({ status: result.response.status, headers: result.response.headers, body: result.response.body }));
    const ex = record({
      source: "login",
      operation: null,
      request: { method: prepared.method, url: prepared.recordedUrl, headers: redactHeaders(prepared.recordedHeaders, secrets), body: prepared.recordedBody === null ? null : redactKnownSecrets(prepared.recordedBody, secrets), identity: null },
      response: result.response,
      error: result.error,
      redirects: [],
    });
    if (!result.response) throw new LoginError(loginLabelOf(req), `${req.method} ${url.pathname}: ${ex.error ?? "no answer"}`);
    return { status: result.response.status, headers: result.response.headers, body: result.response.body };
  }

  const loginLabelOf = (req: LoginHttpRequest): string =>
    logins.find((l) => l.declared.some((d) => declaredKey(d.method, d.url) === declaredKey(req.method, req.url)))?.label ?? "?";

  const sessions = logins.length
    ? new Sessions(logins, { identities: config.identities, baseUrl, send: sendLogin, now: () => Date.now() })
    : null;

  function incomplete(): string | null {
    const parts: string[] = [];
    if (refusedByBudget > 0) {
      parts.push(`request budget of ${config.budget} exhausted; ${refusedByBudget} request(s) were not sent`);
    }
    const throttle: string[] = [];
    if (throttleGaveUp > 0) throttle.push(`${throttleGaveUp} request(s) still got 429/503 after ${maxRetries} retries`);
    if (throttleTooLong > 0) {
      throttle.push(`${throttleTooLong} request(s) were asked to wait up to ${Math.ceil(longestAskedMs / 1000)} s (Retry-After), longer than the ${maxBackoff / 1000} s a scan waits, and were not retried`);
    }
    if (throttleOverAllowance > 0) {
      throttle.push(`${throttleOverAllowance} request(s) were not retried once the scan had spent ${Math.round(throttleWaitedMs / 1000)} s of its ${throttleAllowance / 1000} s back-off allowance`);
    }
    if (throttle.length) parts.push(`target throttled the scan: ${throttle.join("; ")}`);
    return parts.length ? parts.join("; ") : null;
  }

  const view = (source: string): HttpClient => ({
    baseUrl,
    send: (req) => send(req, source),
    remaining: () => Math.max(0, config.budget - sent),
    curl: curlFor,
  });

  return {
    ...view("engine"),
    exchanges: () => recorded.all(),
    exchangesFor: (key) => recorded.forOperation(key),
    exchangesAt: (url) => recorded.at(url),
    stats: () => ({ sent: onWire, budget: config.budget, byMethod: { ...byMethod }, errors, throttled, incomplete: incomplete() }),
    variables: () => {
      // Logged-in identities got their credentials after the client was made; login fields come from env.
      const out = new Map(variables);
      const loginLabels = new Set(logins.map((l) => l.label));
      const loggedIn = config.identities.filter((i) => loginLabels.has(i.label));
      for (const v of identityVariables(loggedIn, "obtained by its declared login")) if (!out.has(v.variable)) out.set(v.variable, v);
      for (const l of logins) {
        for (const { placeholder } of l.secrets) {
          const variable = placeholder.slice(1);
          if (!out.has(variable)) out.set(variable, { variable, holds: `a value of identity "${l.label}"'s login declaration (taken from the environment)` });
        }
      }
      return [...out.values()];
    },
    close: () => agent.close(),
    withSource: view,
    guardOperations: (operations, basePath = "") => {
      guard = unsafeOperationMatcher(operations, config.includeOperations, basePath);
    },
    login: async () => {
      await sessions?.loginAll();
    },
    changes: ledger,
    undoChanges: (derive) =>
      ledger.undoAll((req) => {
        const own = { ...req };
        cleanupRequests.add(own);
        return send(own, "cleanup");
      }, derive),
    sessions: () => ({ ...(sessions?.stats() ?? { logins: 0, renewals: 0, renewalsAfter401: 0, refreshes: 0 }), errors: sessions?.errors() ?? [] }),
  };
}
