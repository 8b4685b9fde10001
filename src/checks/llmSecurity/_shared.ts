// What the llmSecurity checks share: references, the operation a finding belongs to, the reply in an
// AI exchange for passive analyzers, and reporting the probe verdicts that feed a check.
import type { CheckContext } from "../../core/check.js";
import type { Exchange, Operation, References } from "../../core/types.js";
import { parseReply, type AiReply } from "../../llm/extract.js";
import { getAssessment, knownEndpointUrls, probeExchangeFeeds, urlKey } from "../../llm/session.js";
import type { AiEndpoint } from "../../llm/types.js";
import { parseJsonBody, requestPath, type Json } from "../../patterns/text.js";

/** OWASP Top 10 for LLM Applications 2025 ids, CWE ids, OWASP API 2023 ids. */
export function llmRefs(llm: string[], cwe: number[], api: string[] = ["API8"]): References {
  return { owaspLlm2025: llm, owaspApi2023: api, cwe, soc2: ["CC6.1", "CC7.1"] };
}

export function endpointOperation(ep: AiEndpoint): Operation | { method: string; path: string; url: string } {
  return ep.operation ?? { method: "POST", path: ep.path, url: ep.url };
}

/** The prompt texts of a recorded request (JSON string leaves), for echo-aware matching. */
export function sentText(ex: Exchange): string {
  const body = ex.request.body ?? "";
  try {
    const parts: string[] = [];
    const stack: unknown[] = [JSON.parse(body) as unknown];
    while (stack.length > 0 && parts.length < 500) {
      const v = stack.pop();
      if (typeof v === "string") parts.push(v);
      else if (v && typeof v === "object") stack.push(...Object.values(v as Record<string, unknown>));
    }
    return parts.join("\n");
  } catch {
    return body;
  }
}

export interface AiExchange {
  reply: AiReply;
  sent: string;
  json: Json | null;
  /** Which check's probe sent it, if any. */
  probeFeeds: string | null;
}


// Every llmSecurity analyzer asks about each exchange in turn (the engine runs all analyzers on one
// exchange before the next), so the answer is kept for the exchange asked last only: an entry per
// exchange in a WeakMap cost more (an ephemeron per exchange for the collector) than it saved.
let lastExchange: Exchange | null = null;
let lastAnswer: AiExchange | null = null;

/** The AI reply in an exchange: on a known AI endpoint, or shaped like a model's answer anywhere. Read, never modify. */
export function aiExchange(ex: Exchange, ctx: CheckContext): AiExchange | null {
  if (ex !== lastExchange) {
    lastAnswer = readAiExchange(ex, ctx);
    lastExchange = ex;
  }
  return lastAnswer;
}

function readAiExchange(ex: Exchange, ctx: CheckContext): AiExchange | null {
  const res = ex.response;
  if (!res || res.status >= 300) return null;
  const reply = parseReply(res);
  if (!reply) return null;
  if (!reply.aiShaped && !knownEndpointUrls(ctx).has(urlKey(ex.request.url))) return null;
  return { reply, sent: sentText(ex), json: parseJsonBody(res)?.value ?? null, probeFeeds: probeExchangeFeeds(ctx).get(ex.id) ?? null };
}

export function exchangeOperation(ex: Exchange): Operation | { method: string; path: string; url: string } {
  return ex.operation ?? { method: ex.request.method, path: requestPath(ex), url: ex.request.url };
}

/** Reports every successful probe that feeds this check, one finding per endpoint. */
export async function reportProbeVerdicts(ctx: CheckContext, extra: { sensitiveData?: boolean } = {}): Promise<void> {
  const assessment = await getAssessment(ctx);
  for (const a of assessment.endpoints) {
    const wins = a.results.filter((r) => r.probe.feeds === ctx.checkId && r.verdict.success && r.exchange);
    for (const r of wins) {
      ctx.report({
        confidence: r.verdict.confidence,
        operation: endpointOperation(a.endpoint),
        evidence: [{ exchange: r.exchange ?? undefined, excerpt: r.verdict.excerpt, note: `probe ${r.probe.id} (${r.probe.family}): ${r.verdict.note}` }],
        ...(extra.sensitiveData ? { sensitiveData: true } : {}),
      });
    }
  }
}
