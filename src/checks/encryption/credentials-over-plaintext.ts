import { defineCheck } from "../../core/check.js";
import { isSessionCookie, parseSetCookies } from "./https/cookies.js";
import { firstTime, operationKey, operationOf } from "../dataExposure/_exchange.js";
import { isHttp, transportRefs } from "./https/_refs.js";
import { isServedHost } from "./https/_transport.js";
import { parsedUrl } from "../../patterns/memo.js";

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
    const secured = ex.operation?.security?.some((req) => Object.keys(req).length > 0);
    if (!ex.request.identity && !sessionCookies.length && !challenge && !secured) return;
    // Each operation and identity once: the reasons are worded only for the exchange that is reported.
    if (!firstTime(ctx, `${operationKey(ex)}|${ex.request.identity ?? "-"}`)) return;
    const reasons: string[] = [];
    if (ex.request.identity) reasons.push(`request sent with the '${ex.request.identity}' credentials`);
    if (sessionCookies.length) reasons.push(`session cookie '${sessionCookies[0]?.name}' issued over http://`);
    if (challenge) reasons.push(`server asks for credentials over http:// (WWW-Authenticate: ${challenge.split(" ")[0]})`);
    if (secured) reasons.push("the spec requires authentication for this operation");
    const op = operationOf(ex);
    ctx.report({
      confidence: ex.request.identity || sessionCookies.length ? "confirmed" : "firm",
      // One plaintext origin, one finding: every operation and identity whose credentials crossed it.
      key: parsedUrl(ex.request.url)!.host, // parsed already by isServedHost
      where: { operation: `${op.method} ${op.path}`, ...(ex.request.identity ? { identity: ex.request.identity } : {}) },
      sensitiveData: true,
      evidence: [{ exchange: ex, excerpt: reasons.join("; ") }],
    });
  },
});
