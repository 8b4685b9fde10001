// One HTTP delivery attempt: the URL is vetted by the target guard at send time too (a name may resolve
// elsewhere since it was stored) and the connection pinned to the vetted address; redirects are reported,
// never followed; the whole exchange has a short deadline; the response body is drained, not kept.
import http from "node:http";
import https from "node:https";
import { pinnedLookup } from "../http/pinned-lookup.js";
import { guardTarget, type Resolver } from "../server/target-guard.js";

export interface AttemptResult {
  ok: boolean;
  status: number | null;
  /** One line for the deliveries list; never the URL's secret part or the body. */
  error: string | null;
  /** From a Retry-After header, in ms. */
  retryAfterMs: number | null;
}

export interface HttpSendInput {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  resolver?: Resolver;
  agents?: { http: http.Agent; https: https.Agent };
}

/** `Retry-After: 120` or an HTTP date → ms from now (never negative); anything else → null. */
export function parseRetryAfter(value: string | undefined, nowMs = Date.now()): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

const failure = (error: string, status: number | null = null, retryAfterMs: number | null = null): AttemptResult => ({
  ok: false,
  status,
  error,
  retryAfterMs,
});

export async function httpSend(input: HttpSendInput): Promise<AttemptResult> {
  const verdict = await guardTarget(input.url, input.resolver ? { resolver: input.resolver } : {});
  if (!verdict.ok) return failure(`refused: ${verdict.reason}`);
  const url = new URL(verdict.target.url);
  const isHttps = url.protocol === "https:";
  const body = Buffer.from(input.body, "utf8");
  return new Promise<AttemptResult>((resolve) => {
    let settled = false;
    const done = (r: AttemptResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    const request = (isHttps ? https : http).request(url, {
      method: "POST",
      headers: { ...input.headers, "content-length": String(body.length) },
      lookup: pinnedLookup(verdict.target.pinnedHosts),
      ...(input.agents ? { agent: isHttps ? input.agents.https : input.agents.http } : {}),
    });
    const timer = setTimeout(() => {
      request.destroy();
      done(failure(`no answer within ${input.timeoutMs} ms`));
    }, input.timeoutMs);
    request.on("error", (e: NodeJS.ErrnoException) => done(failure(`${e.code ?? "error"}: ${e.message.split("\n")[0]}`)));
    request.on("response", (res) => {
      const status = res.statusCode ?? 0;
      res.resume(); // drain: the receiver's body is not kept
      res.on("error", () => undefined);
      res.on("end", () => {
        if (status >= 200 && status < 300) return done({ ok: true, status, error: null, retryAfterMs: null });
        const retryAfter = parseRetryAfter(res.headers["retry-after"]);
        if (status >= 300 && status < 400) {
          return done(failure(`HTTP ${status}: redirect${res.headers.location ? " to another location" : ""} not followed; update the webhook URL`, status));
        }
        done(failure(`HTTP ${status}`, status, retryAfter));
      });
    });
    request.end(body);
  });
}
