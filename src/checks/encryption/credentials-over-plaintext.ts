import { defineCheck } from "../../core/check.js";
import type { Operation } from "../../core/types.js";
import { isSessionCookie, parseSetCookies } from "./https/cookies.js";
import { firstTime, operationKey } from "../dataExposure/_exchange.js";
import { isHttp, transportRefs } from "./https/_refs.js";
import { isServedHost } from "./https/_transport.js";
import { parsedUrl } from "../../patterns/memo.js";

/** Whether the spec requires authentication for an operation, worked out once per operation (its
 *  exchanges are many). */
const securedOps = new WeakMap<Operation, boolean>();

function isSecured(op: Operation): boolean {
  let secured = securedOps.get(op);
  if (secured === undefined) securedOps.set(op, (secured = op.security?.some((req) => Object.keys(req).length > 0) === true));
  return secured;
}

function joinReason(reasons: string, reason: string): string {
  return reasons ? `${reasons}; ${reason}` : reason;
}

export default defineCheck({
  meta: {
    id: "encryption.credentials-over-plaintext",
    title: "Credentials travel over plaintext HTTP",
    category: "encryption",
    severity: "high",
    how: "passive",
    transport: true,
    description:
      "The API uses an authentication scheme (Basic, Bearer, API key, or a session cookie) over http://, so anyone on the network path can read and replay the credentials.",
    references: transportRefs([319, 523]),
    remediation: {
      summary: "Serve the API only over HTTPS and refuse credentials on plaintext connections.",
      steps: [
        "Terminate TLS in front of the API and redirect or refuse http:// requests.",
        "Mark session cookies Secure so browsers never send them over plaintext.",
        "Rotate any credential that has travelled over plaintext.",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    if (!ex.response || !isHttp(ex.request.url)) return;
    // Behind a declared TLS origin, plaintext to the scanned loopback socket is not what clients do.
    if (!isServedHost(ctx, ex.request.url)) return;
    const setCookie = ex.response.headers["set-cookie"];
    const sessionCookies = setCookie === undefined ? [] : parseSetCookies(setCookie).filter((c) => isSessionCookie(c.name));
    const challenge = ex.response.status === 401 ? ex.response.headers["www-authenticate"] : undefined;
    const secured = ex.operation !== null && isSecured(ex.operation);
    if (!ex.request.identity && !sessionCookies.length && !challenge && !secured) return;
    // Each operation and identity once: the reasons are worded only for the exchange that is reported.
    const identity = ex.request.identity;
    const opKey = operationKey(ex); // `${method} ${path}` of operationOf(ex)
    if (!firstTime(ctx, `${opKey}|${identity ?? "-"}`)) return;
    // The reasons joined with "; ", built as one string (no list per report).
    let reasons = identity ? `request sent with the '${identity}' credentials` : "";
    if (sessionCookies.length) reasons = joinReason(reasons, `session cookie '${sessionCookies[0]?.name}' issued over http://`);
    if (challenge) reasons = joinReason(reasons, `server asks for credentials over http:// (WWW-Authenticate: ${challenge.split(" ")[0]})`);
    if (secured) reasons = joinReason(reasons, "the spec requires authentication for this operation");
    ctx.report({
      confidence: identity || sessionCookies.length ? "confirmed" : "firm",
      // One plaintext origin, one finding: every operation and identity whose credentials crossed it.
      key: parsedUrl(ex.request.url)!.host, // parsed already by isServedHost
      where: identity ? { operation: opKey, identity } : { operation: opKey },
      sensitiveData: true,
      evidence: [{ exchange: ex, excerpt: reasons }],
    });
  },
});
