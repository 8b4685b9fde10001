// An orders API with two users (alice, bob) whose order ids interleave; the vulnerable twin serves any
// order by id to any caller, the hardened twin only the caller's own (404 otherwise) and uses UUIDs.
import { json, type Handler } from "../../helpers/fixture-server.js";

export const ALICE = "tok-alice-7d1f0c9e4b2a";
export const BOB = "tok-bob-3e8a5b7c1d9f";
const USERS: Record<string, { id: number; email: string }> = { [ALICE]: { id: 101, email: "alice@example.com" }, [BOB]: { id: 202, email: "bob@example.com" } };

interface Order {
  id: number;
  uuid: string;
  owner_id: number;
  item: string;
  total: number;
}

export const ORDERS: Order[] = Array.from({ length: 6 }, (_, i) => ({
  id: i + 1,
  uuid: `6f1c${String(i).padStart(4, "0")}-1b2c-4d3e-8f4a-5b6c7d8e9f0${i}`,
  owner_id: i % 2 === 0 ? 101 : 202,
  item: `item-${i + 1}`,
  total: 10 * (i + 1),
}));

export function ordersSpec(opts: { uuid?: boolean; public?: boolean } = {}) {
  const order = {
    type: "object",
    properties: { id: { type: opts.uuid ? "string" : "integer" }, owner_id: { type: "integer" }, item: { type: "string" }, total: { type: "number" } },
  };
  return {
    openapi: "3.0.3",
    info: { title: "Shop", version: "1" },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: opts.public ? [] : [{ bearer: [] }],
    paths: {
      "/me": { get: { responses: { "200": { description: "me" } } } },
      "/orders": { get: { responses: { "200": { description: "list", content: { "application/json": { schema: { type: "array", items: order } } } } } } },
      "/orders/{order_id}": {
        get: {
          parameters: [{ name: "order_id", in: "path", required: true, schema: opts.uuid ? { type: "string", format: "uuid" } : { type: "integer" } }],
          responses: { "200": { description: "one", content: { "application/json": { schema: order } } } },
        },
      },
    },
  };
}

export interface OrdersAppOptions {
  /** Serve any order to any authenticated caller (BOLA). */
  anyOrder?: boolean;
  /** No authentication at all. */
  anonymous?: boolean;
  /** Public ids are UUIDs. */
  uuid?: boolean;
}

export function ordersApp(opts: OrdersAppOptions): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const user = USERS[(req.headers.authorization ?? "").replace(/^Bearer /, "")] ?? null;
    if (!user && !opts.anonymous) return json(res, 401, { detail: "Not authenticated" }, { "www-authenticate": "Bearer" });
    const view = (o: Order) => ({ id: opts.uuid ? o.uuid : o.id, owner_id: o.owner_id, item: o.item, total: o.total });
    if (url.pathname === "/me") return json(res, 200, user ?? { id: null });
    if (url.pathname === "/orders") return json(res, 200, ORDERS.filter((o) => !user || o.owner_id === user.id).map(view));
    const m = /^\/orders\/([^/]+)$/.exec(url.pathname);
    if (m) {
      const o = ORDERS.find((x) => String(opts.uuid ? x.uuid : x.id) === decodeURIComponent(m[1]!));
      if (!o || (!opts.anyOrder && !opts.anonymous && o.owner_id !== user?.id)) return json(res, 404, { detail: "Not Found" });
      return json(res, 200, view(o));
    }
    return json(res, 404, { detail: "Not Found" });
  };
}
