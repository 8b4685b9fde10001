// Fixture APIs for coverage tests: one healthy, one answering 500 everywhere, one that dies mid-scan.
// Same small catalogue API each time; the spec is served at /openapi.json.
import type http from "node:http";
import { json, startServer, type RunningServer } from "../helpers/fixture-server.js";

const RESOURCES = ["items", "users", "orders", "invoices", "reports", "teams"];

export function catalogueSpec(): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const r of RESOURCES) {
    paths[`/${r}`] = { get: { operationId: `list_${r}`, responses: { "200": { description: "ok" } } } };
    paths[`/${r}/{id}`] = {
      get: {
        operationId: `get_${r}`,
        parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" }, example: 1 }],
        responses: { "200": { description: "ok" } },
      },
    };
  }
  return { openapi: "3.0.3", info: { title: "Catalogue", version: "1" }, paths };
}

/** Healthy answers: the spec, lists and items, 404 elsewhere. */
function healthy(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = (req.url ?? "/").split("?")[0]!;
  if (path === "/openapi.json") return json(res, 200, catalogueSpec());
  if (path === "/") return json(res, 200, { name: "catalogue" });
  const [, resource, id] = path.split("/");
  if (!resource || !RESOURCES.includes(resource)) return json(res, 404, { error: "not found" });
  if (id === undefined) return json(res, 200, [{ id: 1, name: `${resource} one` }]);
  return json(res, 200, { id: Number(id) || 1, name: `${resource} ${id}` });
}

export function startHealthy(): Promise<RunningServer> {
  return startServer(healthy);
}

/** The root and the spec answer; every operation answers 500. */
export function startBroken(): Promise<RunningServer> {
  return startServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path === "/" || path === "/openapi.json") return healthy(req, res);
    json(res, 500, { error: "internal server error" });
  });
}

/** Healthy for the first `answers` requests, then the process "dies": the listener closes for good. */
export async function startDying(answers: number): Promise<RunningServer & { served: () => number }> {
  let served = 0;
  let dead = false;
  let box: RunningServer | null = null;
  const server = await startServer((req, res) => {
    served++;
    if (served <= answers) return healthy(req, res);
    if (!dead) {
      dead = true;
      void box?.close();
    }
    req.socket.destroy();
  });
  box = server;
  return { ...server, served: () => served };
}
