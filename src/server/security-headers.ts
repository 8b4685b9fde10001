// Response headers every API answer carries: no sniffing, no framing, no caching of scan results, no
// referrer; a CSP that allows nothing for JSON. Routes that serve documents (HTML report, dashboard) set
// their own Content-Security-Policy first and keep it.
import type { FastifyReply, FastifyRequest } from "fastify";

const BASE: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(tls: boolean) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    for (const [name, value] of Object.entries(BASE)) if (!reply.hasHeader(name)) reply.header(name, value);
    if (!reply.hasHeader("content-security-policy")) reply.header("content-security-policy", API_CSP);
    if (request.url.startsWith("/api/") && !reply.hasHeader("cache-control")) reply.header("cache-control", "no-store");
    if (tls) reply.header("strict-transport-security", "max-age=31536000; includeSubDomains");
    return payload;
  };
}
