// /api/identities: store credentials for a target (admin), list what is stored (never a secret), remove.
// Scans name identities by label (POST /api/scans `identities`); the vault turns them into --auth values.
import type { FastifyInstance } from "fastify";
import { InputError } from "../core/errors.js";
import { IDENTITY_KINDS, type IdentityInput, type IdentityVault } from "./identities.js";
import { access, doc, httpError } from "./session-routes.js";

const errorBody = { type: "object", required: ["error", "message"], properties: { error: { type: "string" }, message: { type: "string" } } } as const;
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

const summary = {
  type: "object",
  properties: {
    target: { type: "string" },
    label: { type: "string" },
    credentials: {
      type: "array",
      items: { type: "object", properties: { kind: { type: "string" }, name: { type: ["string", "null"] } } },
    },
    keyId: { type: "string" },
    createdAt: { type: "string" },
    updatedAt: { type: "string" },
  },
} as const;

const credential = {
  type: "object",
  required: ["kind"],
  additionalProperties: false,
  properties: {
    kind: { type: "string", enum: IDENTITY_KINDS },
    token: { type: "string", minLength: 1, maxLength: 8192, writeOnly: true },
    name: { type: "string", minLength: 1, maxLength: 200 },
    value: { type: "string", minLength: 1, maxLength: 8192, writeOnly: true },
    username: { type: "string", minLength: 1, maxLength: 512, writeOnly: true },
    password: { type: "string", minLength: 1, maxLength: 8192, writeOnly: true },
  },
} as const;

const targetQuery = { type: "object", required: ["target"], properties: { target: { type: "string", minLength: 1, maxLength: 2048 } } } as const;

/** A vault refusal is a 400 naming the body field. */
function mapped(e: unknown): never {
  if (e instanceof InputError) throw httpError(400, `body.${e.message}`);
  throw e;
}

export function identityRoutes(vault: IdentityVault) {
  return async function routes(app: FastifyInstance): Promise<void> {
    app.put<{ Body: IdentityInput & { target: string } }>(
      "/api/identities",
      {
        config: access("admin"),
        schema: doc({
          tags: ["identities"],
          summary: "Store (or replace) an identity for a target; its secrets are encrypted and never returned",
          body: {
            type: "object",
            required: ["target", "label", "credentials"],
            additionalProperties: false,
            properties: {
              target: { type: "string", minLength: 1, maxLength: 2048 },
              label: { type: "string", minLength: 1, maxLength: 32 },
              credentials: { type: "array", minItems: 1, maxItems: 4, items: credential },
            },
          },
          response: { 200: summary, ...errors },
        }),
      },
      async (request) => {
        const { target, ...input } = request.body;
        try {
          return await vault.put(target, input);
        } catch (e) {
          mapped(e);
        }
      },
    );

    app.get<{ Querystring: { target: string } }>(
      "/api/identities",
      {
        config: access("viewer"),
        schema: doc({
          tags: ["identities"],
          summary: "Identities stored for a target (labels, kinds and header/cookie names only)",
          querystring: targetQuery,
          response: { 200: { type: "object", properties: { items: { type: "array", items: summary } } }, ...errors },
        }),
      },
      async (request) => ({ items: await vault.list(request.query.target) }),
    );

    app.delete<{ Querystring: { target: string; label: string } }>(
      "/api/identities",
      {
        config: access("admin"),
        schema: doc({
          tags: ["identities"],
          summary: "Remove a stored identity",
          querystring: { ...targetQuery, required: ["target", "label"], properties: { ...targetQuery.properties, label: { type: "string", minLength: 1, maxLength: 32 } } },
          response: { 204: { type: "null" }, ...errors },
        }),
      },
      async (request, reply) => {
        if (!(await vault.remove(request.query.target, request.query.label))) throw httpError(404, `no identity "${request.query.label}" is stored for ${request.query.target}`);
        return reply.code(204).send();
      },
    );
  };
}
