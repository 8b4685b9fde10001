// A FastAPI-style service with N operations (list, item by id, search) for request-budget tests.
import { appHandler, getOp, jsonReply, type AppStyle, type Route } from "./framework-common.js";

const style: AppStyle = {
  headers: (): Record<string, string> => ({ "x-content-type-options": "nosniff" }),
  notFound: () => jsonReply(404, { detail: "Not Found" }),
};

/** `n` operations over n/3 resources: `GET /r{i}`, `GET /r{i}/{id}`, `GET /r{i}/search?q=&limit=`. */
export function manyOperations(n: number): { handler: ReturnType<typeof appHandler>; spec: Record<string, unknown> } {
  const routes: Route[] = [];
  const paths: Record<string, unknown> = {};
  for (let i = 0; routes.length < n; i++) {
    const base = `/v1/r${i}`;
    // Static segments before templates, as routers match in order (`/search` is not an `{id}`).
    const trio: [string, Route, unknown][] = [
      [base, { path: base, reply: () => jsonReply(200, [{ id: 1 }, { id: 2 }]) }, { get: getOp(`List r${i}`) }],
      [
        `${base}/search`,
        { path: `${base}/search`, reply: (r) => jsonReply(200, Array.from({ length: Math.min(Number(r.url.searchParams.get("limit") ?? 10) || 10, 50) }, (_, k) => ({ id: k }))) },
        { get: getOp(`Search r${i}`, [{ name: "q", in: "query", example: "x" }, { name: "limit", in: "query", type: "integer" }]) },
      ],
      [
        `${base}/{id}`,
        { path: `${base}/{id}`, reply: (r) => (/^\d+$/.test(r.params.id!) ? jsonReply(200, { id: Number(r.params.id) }) : jsonReply(422, { detail: [{ loc: ["path", "id"], msg: "bad" }] })) },
        { get: getOp(`Get r${i}`, [{ name: "id", in: "path", type: "integer", example: 1 }]) },
      ],
    ];
    for (const [path, route, op] of trio) {
      if (routes.length >= n) break;
      routes.push(route);
      paths[path] = op;
    }
  }
  return { handler: appHandler(style, routes, true), spec: { openapi: "3.0.3", info: { title: "many", version: "1" }, paths } };
}
