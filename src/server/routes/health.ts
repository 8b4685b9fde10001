// GET /api/health: unauthenticated liveness for load balancers and `rampart serve` supervisors.
import type { FastifyInstance } from "fastify";
import { VERSION } from "../../core/version.js";

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/api/health",
    {
      config: { access: "public" },
      schema: {
        tags: ["server"],
        summary: "Liveness (no authentication)",
        security: [],
        response: {
          200: {
            type: "object",
            required: ["status", "version"],
            properties: { status: { type: "string", enum: ["ok", "draining"] }, version: { type: "string" } },
          },
        },
      },
    },
    async () => ({ status: app.rampart.runner.accepting ? "ok" : "draining", version: VERSION }),
  );
}
