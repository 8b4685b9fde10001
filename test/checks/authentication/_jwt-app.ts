// A JWT-protected fixture API whose verifier can be made lax in each of the ways the JWT checks detect.
import { createHmac, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { json, type Handler } from "../../helpers/fixture-server.js";

export interface VerifierFlaws {
  /** Accept `alg: none` (any spelling) without a signature. */
  acceptNone?: boolean;
  /** Decode claims without checking the signature. */
  skipSignature?: boolean;
  /** Ignore `exp`. */
  ignoreExpiry?: boolean;
}

export const jwtSpec = {
  openapi: "3.0.3",
  info: { title: "Orders", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } },
  security: [{ bearer: [] }],
  paths: {
    "/me": { get: { operationId: "me", responses: { "200": { description: "profile" } } } },
    "/orders": { get: { operationId: "orders", responses: { "200": { description: "orders" } } } },
    "/health": { get: { security: [], responses: { "200": { description: "ok" } } } },
  },
};

function b64json(part: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return v && typeof v === "object" ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The verifier: returns the claims, or null (→ 401). */
export function verify(token: string, secret: string, flaws: VerifierFlaws): Record<string, unknown> | null {
  const [h, p, s] = token.split(".");
  if (h === undefined || p === undefined || s === undefined) return null;
  const header = b64json(h);
  const claims = b64json(p);
  if (!header || !claims) return null;
  const alg = String(header["alg"]);
  if (alg.toLowerCase() === "none") {
    if (!flaws.acceptNone) return null;
  } else if (!flaws.skipSignature) {
    if (alg !== "HS256") return null;
    const expected = createHmac("sha256", secret).update(`${h}.${p}`).digest();
    const got = Buffer.from(s, "base64url");
    if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
  }
  if (!flaws.ignoreExpiry && typeof claims["exp"] === "number" && claims["exp"] < Date.now() / 1000) return null;
  return claims;
}

function bearer(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization ?? "";
  return h.startsWith("Bearer ") ? h.slice(7) : null;
}

export function jwtApp(secret: string, flaws: VerifierFlaws = {}): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/openapi.json") return json(res, 200, jwtSpec);
    if (url.pathname === "/health") return json(res, 200, { status: "ok" });
    const token = bearer(req);
    const claims = token ? verify(token, secret, flaws) : null;
    if (!claims) return json(res, 401, { detail: "invalid token" }, { "www-authenticate": 'Bearer error="invalid_token"' });
    const sub = String(claims["sub"] ?? "");
    if (url.pathname === "/me") return json(res, 200, { id: sub, name: `user ${sub}`, plan: "pro", created: "2024-01-01" });
    if (url.pathname === "/orders") return json(res, 200, [{ id: 1, owner: sub, total: 12.5 }, { id: 2, owner: sub, total: 99 }]);
    return json(res, 404, { detail: "not found" });
  };
}
