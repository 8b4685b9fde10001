// /api/tokens (admin): create (the secret is in this one response only), list, revoke.
import type { FastifyInstance } from "fastify";
import { ROLES, type Role } from "../../store/index.js";
import { ApiError, notFound } from "../errors.js";
import { roleAllows } from "../tokens.js";
import { pageOf, pageQuery, ref } from "../schemas.js";

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error") };

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const { tokens } = app.rampart;

  app.get<{ Querystring: { limit: number; offset: number } }>(
    "/api/tokens",
    {
      config: { access: "admin" },
      schema: {
        tags: ["tokens"],
        summary: "List live tokens, oldest first (never their secrets)",
        querystring: { type: "object", additionalProperties: false, properties: pageQuery(100, 500) },
        response: { 200: pageOf(ref("Token")), ...errors },
      },
    },
    async (request) => {
      const { limit, offset } = request.query;
      return { items: await tokens.table.list(false, { limit, offset }), total: await tokens.table.liveCount(), limit, offset };
    },
  );

  app.post<{ Body: { role: Role; name?: string } }>(
    "/api/tokens",
    {
      config: { access: "admin" },
      schema: {
        tags: ["tokens"],
        summary: "Create a token; its secret is shown in this response only",
        body: {
          type: "object",
          required: ["role"],
          additionalProperties: false,
          properties: { role: { type: "string", enum: ROLES }, name: { type: "string", minLength: 1, maxLength: 100 } },
        },
        response: {
          201: {
            type: "object",
            required: ["id", "name", "role", "createdAt", "token"],
            properties: { ...tokenProperties(), token: { type: "string", description: "the secret; store it now" } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      // `role` is a privilege the caller hands out, not a field to assign freely: nobody mints a token above
      // their own role (the route is admin-only today; this holds should it ever be opened to operators).
      const caller = request.principal;
      if (!caller || !roleAllows(caller.role, request.body.role)) {
        throw new ApiError(403, `a ${caller?.role ?? "anonymous"} caller may not create a token with the ${request.body.role} role`);
      }
      const made = await tokens.create(request.body.role, request.body.name);
      return reply.code(201).send({ ...made.record, token: made.token });
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/api/tokens/:id",
    {
      config: { access: "admin" },
      schema: {
        tags: ["tokens"],
        summary: "Revoke a token",
        params: { type: "object", required: ["id"], properties: { id: { type: "string", minLength: 1, maxLength: 100 } } },
        response: { 200: ref("Token"), ...errors },
      },
    },
    async (request) => {
      const revoked = await tokens.table.revoke(request.params.id);
      if (!revoked) throw notFound(`no live token has id '${request.params.id}'`);
      return revoked;
    },
  );
}

function tokenProperties() {
  return {
    id: { type: "string" },
    name: { type: "string" },
    role: { type: "string", enum: ROLES },
    createdAt: { type: "string" },
    lastUsedAt: { type: ["string", "null"] },
    revokedAt: { type: ["string", "null"] },
  };
}
