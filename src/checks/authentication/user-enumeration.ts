import { defineCheck, type CheckContext, type PlanContext } from "../../core/check.js";
import type { Depth, Exchange } from "../../core/types.js";
import { trySend } from "../_shared/writes.js";
import { authFlows, knownAccounts, throttled, unknownAccount, wrongAttempt, type AuthFlow } from "./_auth-flows.js";

const LIMITS: Readonly<Record<Depth, { flows: number }>> = { quick: { flows: 2 }, standard: { flows: 4 }, deep: { flows: 8 } };
const EXCERPT = 120;

function targets(ctx: Pick<PlanContext, "operations" | "settings">): AuthFlow[] {
  return authFlows(ctx.operations)
    .filter((f) => f.kind !== "otp" && f.identifier)
    .slice(0, LIMITS[ctx.settings.depth].flows);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An answer as a comparable signature: status and body, with the account it was about, numbers, ids
 *  and times masked (so "no user rampart1a2b" and a request id never make two answers differ). */
function signature(ex: Exchange, account: string): string {
  const res = ex.response!;
  const body = res.body
    .slice(0, 4096)
    .replace(new RegExp(escapeRegex(account), "gi"), "<account>")
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<uuid>")
    .replace(/\d+/g, "0")
    .replace(/\s+/g, " ")
    .trim();
  return `${res.status} ${body}`;
}

function excerpt(ex: Exchange): string {
  const body = ex.response!.body.replace(/\s+/g, " ").trim();
  return `${ex.response!.status} ${body.length > EXCERPT ? `${body.slice(0, EXCERPT)}…` : body}`;
}

/** Known account twice, unknown accounts twice, interleaved: each pair must agree with itself and differ from the other. */
async function compare(ctx: CheckContext, flow: AuthFlow, known: string): Promise<void> {
  const unknown = [unknownAccount(flow, known), unknownAccount(flow, known)];
  const send = (account: string) => trySend(ctx, { method: "POST", url: ctx.urlFor(flow.op), identity: null, operation: flow.op, retryThrottled: false, ...wrongAttempt(flow, account) });
  const k1 = await send(known);
  const u1 = await send(unknown[0]!);
  const k2 = await send(known);
  const u2 = await send(unknown[1]!);
  const all = [k1, u1, k2, u2];
  if (all.some(throttled)) return; // a limiter answering some of them proves nothing about accounts
  const [sk1, su1, sk2, su2] = [signature(k1!, known), signature(u1!, unknown[0]!), signature(k2!, known), signature(u2!, unknown[1]!)];
  if (sk1 !== sk2 || su1 !== su2 || sk1 === su1) return;
  const what = flow.kind === "login" ? "login" : "password-reset";
  ctx.report({
    confidence: "confirmed",
    operation: flow.op,
    title: `Accounts can be enumerated through ${what} answers`,
    evidence: [
      { exchange: k1!, excerpt: `existing account: ${excerpt(k1!)}`, note: `the scan's own account (${flow.identifier}), with a wrong ${flow.password ? "password" : "request"}; answered the same way twice` },
      { exchange: u1!, excerpt: `made-up account: ${excerpt(u1!)}`, note: "two made-up accounts were answered alike" },
    ],
    reproduce: u1!,
  });
}

export default defineCheck({
  meta: {
    id: "authentication.user-enumeration",
    title: "Accounts can be enumerated through authentication answers",
    category: "authentication",
    severity: "medium",
    how: "active",
    description:
      "With `--mode active`, the login and password-reset operations are called with an account the scan knows exists (its own identity's user name or e-mail, from its token claims or `/me` answer) and with made-up accounts of the same shape, twice each, interleaved, with a wrong password. When the existing account is answered consistently differently from the made-up ones (status or message, with numbers, ids and the account itself masked), anyone can test which user names or addresses have accounts — the first step of credential stuffing and targeted phishing. Throttled answers void the comparison.",
    references: { owaspApi2023: ["API2"], owaspTop10_2021: ["A07"], cwe: [204, 203], pciDss4: ["8.3.1"], soc2: ["CC6.1"] },
    remediation: {
      summary: "Answer every login failure and every reset request the same way, whether the account exists or not.",
      steps: [
        "Return one generic login failure (`invalid username or password`) with the same status for unknown accounts and wrong passwords.",
        "Answer password-reset requests with the same 202 and message (`if the account exists, we sent a link`) in every case; send the mail out of band.",
        "Keep timing alike too: hash a dummy password when the account does not exist.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => (targets(ctx).length > 0 ? 2 * ctx.identities.length + 4 * targets(ctx).length : 0),
  async run(ctx) {
    const flows = targets(ctx);
    if (flows.length === 0) return ctx.notApplicable("no login or password-reset operation with an account field");
    if (ctx.identities.length === 0) return ctx.notApplicable("needs an identity (--auth) whose account is known to exist");
    const known = await knownAccounts(ctx, ctx.identities);
    for (const flow of flows) {
      const account = flow.email ? known.emails[0] : (known.names[0] ?? known.emails[0]);
      if (account) await compare(ctx, flow, account);
    }
  },
});
