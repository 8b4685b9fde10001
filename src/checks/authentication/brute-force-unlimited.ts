import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange } from "../../core/types.js";
import { THROTTLE_WORDS } from "../../patterns/auth-flows.js";
import { rateLimitHeaders } from "../rateLimiting/_shared.js";
import { trySend } from "../_shared/writes.js";
import { authFlows, unknownAccount, wrongAttempt, type AuthFlow } from "./_auth-flows.js";

const LIMITS: Readonly<Record<Depth, { flows: number }>> = { quick: { flows: 1 }, standard: { flows: 3 }, deep: { flows: 6 } };
/** The burst is --burst wrong attempts, never fewer than 10 (lockouts after 3–10 are usual) nor more than 50. */
const burstOf = (burst: number) => Math.min(50, Math.max(10, burst));

const TITLES: Record<AuthFlow["kind"], string> = {
  login: "No lockout or rate limit on login attempts",
  otp: "No lockout or rate limit on one-time code attempts",
  reset: "No rate limit on password-reset requests",
};

function targets(ctx: Pick<PlanContext, "operations" | "settings">): AuthFlow[] {
  return authFlows(ctx.operations).slice(0, LIMITS[ctx.settings.depth].flows);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

/** What in an answer says the server is defending itself (or null). */
function defence(ex: Exchange): string | null {
  const res = ex.response;
  if (!res) return "no answer";
  if (res.status === 429) return "429";
  if ("retry-after" in res.headers) return "Retry-After";
  const limits = rateLimitHeaders(ex);
  if (limits.length > 0) return limits[0]!;
  const words = THROTTLE_WORDS.exec(res.body.slice(0, 4096));
  return words ? `"${words[0]}" in the answer` : null;
}

/** A usable first answer: the operation exists and judged the attempt. A route that surely does not exist
 *  must answer otherwise — a 404 may be "no such route", and a 401 from middleware in front of every path
 *  says nothing about the login. */
async function judged(ctx: CheckContext, flow: AuthFlow, ex: Exchange): Promise<boolean> {
  const s = ex.response?.status ?? 0;
  if (s === 0 || s === 405 || s >= 500) return false;
  const missing = await trySend(ctx, { method: "POST", url: `${ctx.urlFor(flow.op).replace(/\/?$/, "")}-rampart-missing`, identity: null, ...wrongAttempt(flow, "x") });
  const other = missing?.response;
  return Boolean(other) && (other!.status !== s || other!.body.trim() !== ex.response!.body.trim());
}

async function burst(ctx: CheckContext, flow: AuthFlow): Promise<void> {
  const n = burstOf(ctx.settings.burst);
  const account = unknownAccount(flow);
  const sent: Exchange[] = [];
  // One after another, as a guessing script would: a limiter or a growing delay has every chance to show.
  for (let i = 0; i < n; i++) {
    const ex = await trySend(ctx, { method: "POST", url: ctx.urlFor(flow.op), identity: null, operation: flow.op, retryThrottled: false, ...wrongAttempt(flow, account) });
    if (!ex) return;
    if (i === 0 && !(await judged(ctx, flow, ex))) return;
    if (defence(ex)) return; // the server defends itself: silent
    sent.push(ex);
  }
  const statuses = new Set(sent.map((ex) => ex.response?.status));
  if (statuses.size !== 1) return; // the answers changed under the burst: not "unlimited"
  const first = sent.slice(0, 5).map((ex) => ex.response?.timeMs ?? 0);
  const last = sent.slice(-5).map((ex) => ex.response?.timeMs ?? 0);
  if (median(last) > 3 * median(first) + 500) return; // a growing delay is a defence too
  const firstEx = sent[0]!;
  const lastEx = sent[sent.length - 1]!;
  ctx.report({
    confidence: "firm",
    operation: flow.op,
    title: TITLES[flow.kind],
    evidence: [
      { exchange: lastEx, excerpt: `${n} wrong ${flow.kind === "reset" ? "requests" : "attempts"} in a row, every one answered ${lastEx.response?.status}; no 429, Retry-After, rate-limit header or lockout message; median time ${Math.round(median(first))} ms at the start, ${Math.round(median(last))} ms at the end`, note: `account: a made-up ${flow.email ? "address" : "name"} (no real account was locked)` },
      { exchange: firstEx, note: "the first attempt" },
    ],
    reproduce: firstEx,
  });
}

export default defineCheck({
  meta: {
    id: "authentication.brute-force-unlimited",
    title: "No lockout or rate limit on authentication attempts",
    category: "authentication",
    severity: "high",
    how: "active",
    description:
      "With `--mode active`, the API's login, one-time-code and password-reset operations (recognised by their path and body fields) receive a bounded burst of wrong attempts one after another (`--burst`, 10 to 50) for a made-up account, after one POST to a sibling route that does not exist (an operation answered exactly like it — a 404, or middleware's 401 — is not tested). When every attempt is answered alike — no 429, no Retry-After or rate-limit header, no lockout or captcha message, no growing delay — nothing stops password guessing, credential stuffing, OTP brute force or reset-mail flooding. Reported as firm: a lockout that only protects real accounts cannot be seen with a made-up one, which is the price of never locking a real user out.",
    references: { owaspApi2023: ["API2", "API4"], owaspTop10_2021: ["A07"], cwe: [307, 799], pciDss4: ["8.3.4"], soc2: ["CC6.1"], hipaa: ["164.312(d)"] },
    remediation: {
      summary: "Throttle authentication per account and per client: lock out or slow down after a few failures, and answer 429 with Retry-After.",
      steps: [
        "Limit failed logins per account and per IP (e.g. 5 per 15 minutes) with a temporary lockout or exponential back-off; PCI DSS 4.0 8.3.4 asks for a lockout after at most 10 attempts.",
        "Limit one-time-code checks per code (a handful of tries, then a new code) and password-reset requests per account and per IP.",
        "Add a captcha or proof of work after repeated failures, and alert on bursts.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => targets(ctx).length * (burstOf(ctx.settings.burst) + 1),
  async run(ctx) {
    const flows = targets(ctx);
    if (flows.length === 0) return ctx.notApplicable("no login, one-time-code or password-reset operation (POST with an account, password or code field)");
    for (const flow of flows) await burst(ctx, flow);
  },
});
