import { defineCheck } from "../../core/check.js";
import { firstTime, operationKey, operationOf } from "../dataExposure/_exchange.js";
import { authRefs } from "./_refs.js";

/** Operations reported per scan: the root cause is one middleware. */

export default defineCheck({
  meta: {
    id: "authentication.www-authenticate-missing",
    title: "401 without WWW-Authenticate",
    category: "authentication",
    severity: "info",
    how: "passive",
    description:
      "A 401 Unauthorized response carries no WWW-Authenticate header. RFC 9110 requires it: it tells clients which scheme to use, and its absence often means a hand-written error path rather than the framework's authentication layer.",
    references: authRefs([287]),
    remediation: {
      summary: "Send `WWW-Authenticate` with every 401 (e.g. `Bearer realm=\"api\"`), or use 403 when authentication is not the problem.",
      steps: ["Return 401 from the authentication middleware, which sets the header, rather than from handlers.", "Name the scheme and realm, e.g. `WWW-Authenticate: Bearer realm=\"api\", error=\"invalid_token\"`."],
    },
    milestone: 2,
  },
  analyze(ex, ctx) {
    const res = ex.response;
    if (!res || res.status !== 401 || res.headers["www-authenticate"]) return;
    if (!firstTime(ctx, operationKey(ex))) return;
    // One authentication layer, one finding: every operation that answered a bare 401 is listed in it.
    ctx.report({ confidence: "confirmed", operation: operationOf(ex), key: "no-challenge", where: {}, evidence: [{ exchange: ex, excerpt: "401 without a WWW-Authenticate header" }] });
  },
});
