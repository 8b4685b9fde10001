// One AI-endpoint assessment per scan, shared by every llmSecurity check: find the endpoints, learn
// their request shape, send a baseline (echo test) and an anonymous prompt, then the tier's probes,
// one at a time and paced. Checks await the same promise and report what concerns them.
import type { CheckContext, LlmSettings } from "../core/check.js";
import { BudgetExhaustedError, PolicyError, oneLine } from "../core/errors.js";
import type { Exchange } from "../core/types.js";
import { aiAnswerEvidence, detectFromSpec, endpointForTarget, isCandidateStatus, wellKnownEndpoint } from "./detect.js";
import { parseReply, type AiReply } from "./extract.js";
import { judge } from "./judge.js";
import { GREETING, learnShape } from "./learn.js";
import { WELL_KNOWN_AI_PATHS } from "../patterns/llm-detection.js";
import { parsedUrl } from "../patterns/memo.js";
import { CanaryBook, newCanary } from "./canary.js";
import { MAX_ENDPOINTS } from "./plan.js";
import { probesFor, renderProbe } from "./probes.js";
import { createRemoteJudge, type RemoteJudge } from "./remote-judge.js";
import { buildBody, shapeDef } from "./shapes.js";
import type { AiEndpoint, LlmCheckId, ProbeResult, ShapeId, ShapeRequest } from "./types.js";

export interface Baseline {
  exchange: Exchange;
  reply: AiReply | null;
  /** The reply repeated a reference the prompt did not ask to repeat. */
  echoes: boolean;
}

export interface EndpointAssessment {
  endpoint: AiEndpoint;
  shape: ShapeId | null;
  /** How the shape was decided. */
  shapeHow: string;
  /** Answered a prompt (2xx with a reply). */
  reachable: boolean;
  baseline: Baseline | null;
  /** The same harmless prompt without credentials (the baseline itself when the scan has none). */
  anonymous: { exchange: Exchange; reply: AiReply | null } | null;
  results: ProbeResult[];
  notes: string[];
}

export interface LlmAssessment {
  endpoints: EndpointAssessment[];
}


const KEY = "llm:assessment";
export const ENDPOINT_URLS_KEY = "llm:endpoint-urls";
export const PROBE_EXCHANGES_KEY = "llm:probe-exchanges";

/** The scan's assessment, started by whichever llmSecurity check asks first. */
export function getAssessment(ctx: CheckContext): Promise<LlmAssessment> {
  let p = ctx.shared.get(KEY) as Promise<LlmAssessment> | undefined;
  if (!p) {
    p = assess(ctx);
    ctx.shared.set(KEY, p);
  }
  return p;
}

/** URLs (without query) of the endpoints found, for passive analyzers. */
export function knownEndpointUrls(ctx: Pick<CheckContext, "shared">): Set<string> {
  return (ctx.shared.get(ENDPOINT_URLS_KEY) as Set<string> | undefined) ?? new Set();
}

/** Which check a probe exchange was judged for (passive analyzers leave those to the probe verdict). */
export function probeExchangeFeeds(ctx: Pick<CheckContext, "shared">): Map<number, LlmCheckId> {
  let m = ctx.shared.get(PROBE_EXCHANGES_KEY) as Map<number, LlmCheckId> | undefined;
  if (!m) {
    m = new Map();
    ctx.shared.set(PROBE_EXCHANGES_KEY, m);
  }
  return m;
}

export function urlKey(url: string): string {
  const u = parsedUrl(url); // the analyzers of one exchange ask about its URL in turn
  return u ? `${u.origin}${u.pathname.replace(/\/+$/, "")}` : url;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

async function findEndpoints(ctx: CheckContext, llm: LlmSettings, post: Poster): Promise<AiEndpoint[]> {
  const out: AiEndpoint[] = [];
  const add = (ep: AiEndpoint) => {
    if (!out.some((e) => urlKey(e.url) === urlKey(ep.url))) out.push(ep);
  };
  const target = endpointForTarget(ctx.target.url, llm.targetIsEndpoint === true);
  if (target) add(target);
  if (ctx.api) {
    const targetHasPath = new URL(ctx.target.url).pathname.replace(/\/$/, "") !== "";
    for (const ep of detectFromSpec(ctx.api, ctx.target.url, targetHasPath ? "" : ctx.api.basePath)) add(ep);
  }
  const depth = ctx.settings.depth;
  if (out.length > 0 || depth === "quick" || (ctx.api && depth !== "deep")) return out;
  // No spec (or deep): one GET per well-known path; a POST-only endpoint answers 405/4xx, not 404. Outside
  // active mode a status is not enough to earn a prompt: a catch-all route answers 405 everywhere. The GET
  // (or an OPTIONS) answer must speak a chat/completions API (provider headers, a model, its vocabulary).
  const active = ctx.settings.mode === "active";
  for (const path of WELL_KNOWN_AI_PATHS) {
    const url = new URL(path, `${ctx.target.url}/`).href;
    const ex = await post.get(url);
    const res = ex?.response;
    if (!res || !isCandidateStatus(res.status, res.contentType)) continue;
    let why = aiAnswerEvidence(res, path);
    if (why) why = `GET answered ${res.status}, ${why}`;
    else if (!active) {
      const opt = (await post.get(url, "OPTIONS"))?.response;
      const optWhy = opt ? aiAnswerEvidence(opt, path) : null;
      why = optWhy ? `OPTIONS answered ${opt?.status}, ${optWhy}` : null;
    } else why = `GET answered ${res.status} (active mode)`;
    if (why) add(wellKnownEndpoint(url, path, why));
  }
  return out;
}

interface Poster {
  prompt(ep: AiEndpoint, body: Record<string, unknown>, identity: string | null): Promise<Exchange>;
  get(url: string, method?: "GET" | "OPTIONS"): Promise<Exchange | null>;
}

function makePoster(ctx: CheckContext): Poster {
  let first = true;
  const pace = async () => {
    if (!first) await sleep(ctx.settings.llmPaceMs, ctx.signal);
    first = false;
  };
  return {
    async prompt(ep, body, identity) {
      await pace();
      return ctx.http.send({
        method: "POST",
        url: ep.url,
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
        identity,
        operation: ep.operation,
        aiPrompt: true,
        followRedirects: false,
      });
    },
    async get(url, method = "GET") {
      try {
        return await ctx.http.send({ method, url, identity: ctx.identities[0]?.label ?? null, followRedirects: false });
      } catch (e) {
        if (e instanceof PolicyError) return null;
        throw e;
      }
    },
  };
}

function baselineRequest(nonce: string): ShapeRequest {
  return { turns: [{ role: "user", content: `Reference ${nonce}. You do not need to mention the reference. In one word: what colour is a clear daytime sky?` }] };
}

/** Fills `a` as it goes, so a budget running out mid-way keeps what was learned. */
async function assessEndpoint(ctx: CheckContext, a: EndpointAssessment, post: Poster, book: CanaryBook, remote: RemoteJudge | null): Promise<void> {
  const ep = a.endpoint;
  const identity = ctx.identities[0]?.label ?? null;
  const forced = ctx.settings.llm?.shape ? shapeDef(ctx.settings.llm.shape) : null;
  if (forced) {
    a.shape = forced.id;
    a.shapeHow = "given with --shape";
  } else if (ep.shape) {
    a.shapeHow = "from the spec's request schema";
  } else {
    const learned = await learnShape(ep.path, ep.base, (body) => post.prompt(ep, body, identity));
    a.shape = learned.shape;
    a.shapeHow = learned.how;
    if (!learned.shape) {
      a.notes.push(`request shape not found: ${learned.how}`);
      return;
    }
  }
  const def = shapeDef(a.shape ?? "");
  if (!def) {
    a.notes.push(`unknown request shape ${a.shape}`);
    return;
  }
  const tokensField = ep.maxTokensField ?? def.maxTokensField;
  const send = (req: ShapeRequest, who: string | null) => post.prompt(ep, buildBody(def, req, ep.base, tokensField), who);

  const nonce = newCanary();
  const bx = await send(baselineRequest(nonce), identity);
  const breply = bx.response && bx.response.status < 300 ? parseReply(bx.response) : null;
  a.baseline = { exchange: bx, reply: breply, echoes: !!breply?.text.toLowerCase().includes(nonce.toLowerCase()) };
  a.reachable = !!breply && (breply.text !== "" || breply.toolCalls.length > 0);
  if (identity !== null) {
    const ax = await send(GREETING, null);
    a.anonymous = { exchange: ax, reply: ax.response && ax.response.status < 300 ? parseReply(ax.response) : null };
  } else {
    a.anonymous = { exchange: bx, reply: breply };
  }
  if (!a.reachable) {
    a.notes.push(`the endpoint did not answer the baseline prompt (${bx.response ? `HTTP ${bx.response.status}` : bx.error}); probes not sent`);
    return;
  }
  const feeds = probeExchangeFeeds(ctx);
  const byId = new Map<string, ProbeResult>();
  for (const probe of probesFor(ctx.settings.depth)) {
    const canary = book.for(probe.id);
    const r = renderProbe(probe, canary);
    const base: Omit<ProbeResult, "verdict" | "skipped"> = { probe, canary, prompt: r.prompt, exchange: null, text: "" };
    if (probe.maxTokens !== undefined && !tokensField) {
      const result: ProbeResult = { ...base, verdict: { success: false, confidence: "tentative", note: "not sent", excerpt: "", refused: false }, skipped: `the ${def.title} shape has no token-limit field` };
      a.results.push(result);
      byId.set(probe.id, result);
      continue;
    }
    const req: ShapeRequest = r.maxTokens !== undefined ? { turns: r.turns, maxTokens: r.maxTokens } : { turns: r.turns };
    const ex = await send(req, identity);
    feeds.set(ex.id, probe.feeds);
    const reply = ex.response && ex.response.status < 300 ? parseReply(ex.response) : null;
    const plain = probe.plain ? (byId.get(probe.plain) ?? null) : null;
    let verdict = judge({ probe, canary, sent: r.sentText, exchange: ex, reply, echoes: a.baseline.echoes, plain });
    if (remote && !verdict.success && !verdict.refused && reply?.text && (probe.success === "prompt-leak" || probe.success === "canary-or-leak") && !probe.plain) {
      verdict = await remote.review(probe, r.prompt, reply.text, verdict, ctx.signal);
    }
    const result: ProbeResult = { ...base, exchange: ex, text: reply?.text ?? "", verdict, skipped: null };
    a.results.push(result);
    byId.set(probe.id, result);
  }
}

async function assess(ctx: CheckContext): Promise<LlmAssessment> {
  const llm = ctx.settings.llm ?? {};
  const post = makePoster(ctx);
  const out: LlmAssessment = { endpoints: [] };
  const urls = new Set<string>();
  ctx.shared.set(ENDPOINT_URLS_KEY, urls);
  const book = new CanaryBook();
  const remote = llm.judge ? createRemoteJudge(llm.judge) : null;
  let endpoints: AiEndpoint[];
  try {
    endpoints = await findEndpoints(ctx, llm, post);
  } catch (e) {
    if (e instanceof BudgetExhaustedError) return out;
    throw e;
  }
  for (const ep of endpoints.slice(0, MAX_ENDPOINTS[ctx.settings.depth])) {
    const a: EndpointAssessment = { endpoint: ep, shape: ep.shape, shapeHow: "", reachable: false, baseline: null, anonymous: null, results: [], notes: [] };
    let stop = false;
    try {
      await assessEndpoint(ctx, a, post, book, remote);
    } catch (e) {
      if (!(e instanceof BudgetExhaustedError) && !(e instanceof PolicyError)) throw e;
      ctx.warn(`AI endpoint ${ep.path}: ${oneLine(e)}`);
      a.notes.push(oneLine(e));
      stop = e instanceof BudgetExhaustedError;
    }
    // Runtime-only candidates count once they answer a prompt; spec and named endpoints count anyway.
    if (a.reachable || ep.source === "spec" || (ep.source === "target" && llm.targetIsEndpoint === true)) {
      out.endpoints.push(a);
      urls.add(urlKey(ep.url));
    }
    if (stop) break;
  }
  if (out.endpoints.length > 0) ctx.shared.set("applicable:llmSecurity", true);
  return out;
}
