// /api/tokens (admin): create (the secret is in this one response only), list, revoke.
import type { FastifyInstance } from "fastify";
import { ROLES, type Role } from "../../store/index.js";
import { notFound } from "../errors.js";
import { ref } from "../schemas.js";

const errors = { 400: ref("Error"), 401: ref("Error"), 403: ref("Error"), 404: ref("Error") };

export async function tokenRoutes(app: FastifyInstance): Promise<void> {
  const { tokens } = app.rampart;

  app.get(
    "/api/tokens",
    {
      config: { access: "admin" },
      schema: {
        tags: ["tokens"],
        summary: "List live tokens (never their secrets)",
        response: { 200: { type: "object", properties: { items: { type: "array", items: ref("Token") } } }, ...errors },
      },
    },
    async () => ({ items: await tokens.table.list() }),
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
