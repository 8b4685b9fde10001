import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Depth, Operation } from "../../core/types.js";
import { anonymousBaseline, authorisedBaseline, claimBaselines, crawlCovers } from "../_shared/baseline.js";
import { sameData } from "../_shared/compare.js";
import { authRefs } from "./_refs.js";
import { sensitiveContent, servesData } from "../../patterns/sensitive.js";
import { isData } from "../_shared/data.js";
import { wrongCredentials } from "./_wrong-credentials.js";
import { requiresAuth } from "./unauthenticated-access.js";

/** Secured GET operations tried per scan. */
const MAX_OPERATIONS: Readonly<Record<Depth, number>> = { quick: 25, standard: 200, deep: 500 };

function targets(ctx: Pick<PlanContext, "operations" | "api" | "identities" | "settings">): Operation[] {
  // Stops at the cap: forging wrong credentials for every other operation would be thrown away.
  const max = MAX_OPERATIONS[ctx.settings.depth];
  const out: Operation[] = [];
  for (const op of ctx.operations) {
    if (out.length >= max) break;
    if (op.method === "GET" && requiresAuth(op) && wrongCredentials(op, ctx.api, ctx.identities) !== null) out.push(op);
  }
  return out;
}

export default defineCheck({
  meta: {
    id: "authentication.invalid-credentials-accepted",
    title: "Wrong credentials accepted",
    category: "authentication",
    severity: "critical",
    how: "probe",
    description:
      "A secured operation refuses requests without credentials but answers with data when given a random token, API key or Basic credential of the right shape. Authentication only checks that something is present, not that it is valid.",
    references: authRefs([287, 1390, 306]),
    remediation: {
      summary: "Validate every credential against its issuer (signature, key store, password hash) before serving data.",
      steps: [
        "Look API keys up in the key store (constant-time comparison) and verify token signatures and expiry.",
        "Make the authentication middleware fail closed: anything unverifiable is a 401.",
        "Add a test per scheme that a well-formed but unknown credential is refused.",
      ],
    },
    milestone: 1,
  },
  estimateRequests: (ctx) => targets(ctx).length * (crawlCovers(ctx.identities, null) ? 1 : 2),
  async run(ctx) {
    const ops = targets(ctx);
    if (ops.length === 0) return ctx.notApplicable("no secured GET operation with a scheme Rampart can fill");
    claimBaselines(ctx, ops, null); // asked first in each item, as when all were asked at once
    await eachPerSlot(ctx.concurrency, ops, async (op) => {
      const anon = await anonymousBaseline(ctx, op);
      const authorised = (await authorisedBaseline(ctx, op))?.response;
      // Served without any credentials: authentication.unauthenticated-access reports that.
      if (!anon?.response || isData(anon.response, op, authorised)) return;
      const wrong = wrongCredentials(op, ctx.api, ctx.identities);
      if (!wrong) return;
      const ex = await ctx.http.send({ url: ctx.urlFor(op), identity: null, credentialsOverride: wrong.overrides, operation: op });
      const res = ex.response;
      // The same 2xx page the anonymous call got (an error body) is a refusal too.
      if (!res || !isData(res, op, authorised) || (anon.response.status === res.status && anon.response.body === res.body)) return;
      const comparable = authorised && servesData(authorised);
      if (comparable && !sameData(res, authorised)) return; // a 2xx that is not the protected data (e.g. a login page)
      const sensitive = sensitiveContent(res);
      ctx.report({
        confidence: comparable ? "confirmed" : "firm",
        severity: comparable || sensitive ? "critical" : "high",
        operation: op,
        sensitiveData: Boolean(sensitive),
        evidence: [
          {
            exchange: ex,
            excerpt: `${res.status} ${res.contentType}, ${res.size} bytes for random ${wrong.schemes.join(" + ")}${sensitive ? `; contains ${sensitive.description}` : ""}`,
            note: comparable ? "the same data the real credentials get" : "no credentials were given to compare with; the data differs from the refused anonymous answer",
          },
          { exchange: anon, note: "without credentials the operation is refused" },
        ],
      });
    });
  },
});
