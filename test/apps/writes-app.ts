// A notes/orders API with three identities (alice and bob are users, root an admin) for the active
// authorization checks. Reads are owner-scoped in every variant; each option opens one write flaw:
// writeAny (BOLA on PUT/PATCH/DELETE), anonymousWrites (writes without credentials), massAssign (role,
// is_admin, owner_id and price taken from bodies), adminWrites (a user calls admin write operations).
// Every variant keeps its state per app instance, so a scan's clean-up can be asserted afterwards.
import type { IncomingMessage } from "node:http";
import { json, type Handler } from "../helpers/fixture-server.js";

export const ALICE = "tok-alice-w81c3f0e9a2b";
export const BOB = "tok-bob-w4d7e2a9c6f1";
export const ROOT = "tok-root-w9b1c4e7d2a8";

export interface WritesAppOptions {
  writeAny?: boolean;
  anonymousWrites?: boolean;
  massAssign?: boolean;
  adminWrites?: boolean;
}

interface User {
  id: number;
  username: string;
  email: string;
  role: string;
  is_admin: boolean;
  display_name: string;
}
interface Note {
  id: number;
  owner_id: number | null;
  title: string;
  body: string;
}
interface Order {
  id: number;
  owner_id: number;
  item: string;
  quantity: number;
  price: number;
}
interface Announcement {
  id: number;
  text: string;
}

export interface WritesState {
  users: Map<string, User>;
  notes: Map<number, Note>;
  orders: Map<number, Order>;
  announcements: Map<number, Announcement>;
  /** Every write request that reached the app, `METHOD /path @who`. */
  writes: string[];
}

const CATALOG: Record<string, number> = { widget: 25, gadget: 40 };

function freshState(): WritesState {
  const users = new Map<string, User>([
    [ALICE, { id: 1, username: "alice", email: "alice@example.com", role: "user", is_admin: false, display_name: "Alice" }],
    [BOB, { id: 2, username: "bob", email: "bob@example.com", role: "user", is_admin: false, display_name: "Bob" }],
    [ROOT, { id: 3, username: "root", email: "root@example.com", role: "admin", is_admin: true, display_name: "Root" }],
  ]);
  const notes = new Map<number, Note>([
    [1, { id: 1, owner_id: 1, title: "alice shopping", body: "milk" }],
    [2, { id: 2, owner_id: 2, title: "bob todo", body: "call mum" }],
  ]);
  return { users, notes, orders: new Map(), announcements: new Map([[1, { id: 1, text: "welcome" }]]), writes: [] };
}

const secured = [{ bearer: [] }];
const noteIn = { type: "object", required: ["title"], properties: { title: { type: "string" }, body: { type: "string" } } };
const note = { type: "object", properties: { id: { type: "integer", readOnly: true }, owner_id: { type: "integer", readOnly: true }, title: { type: "string" }, body: { type: "string" } } };
const orderIn = { type: "object", required: ["item", "quantity"], properties: { item: { type: "string", enum: ["widget", "gadget"] }, quantity: { type: "integer", minimum: 1 }, price: { type: "number" } } };
const order = { type: "object", properties: { id: { type: "integer" }, owner_id: { type: "integer" }, item: { type: "string" }, quantity: { type: "integer" }, price: { type: "number" } } };
const me = { type: "object", properties: { id: { type: "integer" }, username: { type: "string" }, email: { type: "string" }, role: { type: "string" }, is_admin: { type: "boolean" }, display_name: { type: "string" } } };
const idParam = (name: string) => ({ name, in: "path", required: true, schema: { type: "integer" } });
const body = (schema: unknown) => ({ required: true, content: { "application/json": { schema } } });
const ok = (schema: unknown, code = "200") => ({ [code]: { description: "ok", content: { "application/json": { schema } } } });

export function writesSpec() {
  return {
    openapi: "3.0.3",
    info: { title: "Notes", version: "1" },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
    security: secured,
    paths: {
      "/me": { get: { responses: ok(me) }, patch: { requestBody: body({ type: "object", properties: { display_name: { type: "string" } } }), responses: ok(me) } },
      "/notes": { get: { responses: ok({ type: "array", items: note }) }, post: { requestBody: body(noteIn), responses: ok(note, "201") } },
      "/notes/{note_id}": {
        parameters: [idParam("note_id")],
        get: { responses: ok(note) },
        put: { requestBody: body(noteIn), responses: ok(note) },
        patch: { requestBody: body({ type: "object", properties: noteIn.properties }), responses: ok(note) },
        delete: { responses: { "204": { description: "gone" } } },
      },
      "/orders": { get: { responses: ok({ type: "array", items: order }) }, post: { requestBody: body(orderIn), responses: ok(order, "201") } },
      "/orders/{order_id}": { parameters: [idParam("order_id")], get: { responses: ok(order) }, delete: { responses: { "204": { description: "gone" } } } },
      "/admin/announcements": {
        get: { tags: ["admin"], responses: ok({ type: "array", items: { type: "object" } }) },
        post: { tags: ["admin"], requestBody: body({ type: "object", required: ["text"], properties: { text: { type: "string" } } }), responses: ok({ type: "object" }, "201") },
      },
      "/admin/announcements/{announcement_id}": {
        parameters: [idParam("announcement_id")],
        get: { tags: ["admin"], responses: ok({ type: "object" }) },
        delete: { tags: ["admin"], responses: { "204": { description: "gone" } } },
      },
    },
  };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown, fallback: string) => (typeof v === "string" ? v : fallback);

/** The handler and the state it mutates (inspect it after a scan to see what the scan left behind). */
export function writesApp(opts: WritesAppOptions = {}): { handler: Handler; state: WritesState } {
  const state = freshState();
  let nextId = 100;
  const handler: Handler = async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const method = req.method ?? "GET";
    const user = state.users.get((req.headers.authorization ?? "").replace(/^Bearer /, "")) ?? null;
    const writing = method !== "GET" && method !== "HEAD";
    if (writing) state.writes.push(`${method} ${url.pathname} @${user?.username ?? "-"}`);
    if (!user && !(writing && opts.anonymousWrites)) return json(res, 401, { detail: "Not authenticated" }, { "www-authenticate": "Bearer" });
    const input = writing ? await readJson(req) : {};
    const p = url.pathname;

    if (p === "/me" && user) {
      if (method === "PATCH") {
        user.display_name = str(input["display_name"], user.display_name);
        if (opts.massAssign) {
          if (typeof input["role"] === "string") user.role = input["role"];
          if (typeof input["is_admin"] === "boolean") user.is_admin = input["is_admin"];
        }
      }
      return json(res, 200, user);
    }

    if (p === "/notes") {
      if (method === "POST") {
        const owner = opts.massAssign && typeof input["owner_id"] === "number" ? input["owner_id"] : (user?.id ?? null);
        const n: Note = { id: nextId++, owner_id: owner, title: str(input["title"], "untitled"), body: str(input["body"], "") };
        state.notes.set(n.id, n);
        return json(res, 201, n, { location: `/notes/${n.id}` });
      }
      return json(res, 200, [...state.notes.values()].filter((n) => n.owner_id === user?.id));
    }
    const noteMatch = /^\/notes\/(\d+)$/.exec(p);
    if (noteMatch) {
      const n = state.notes.get(Number(noteMatch[1]));
      const mine = n && user && n.owner_id === user.id;
      // Reads are owner-scoped everywhere; writes only when the flaw is off.
      const mayWrite = mine || (n && (opts.writeAny || (opts.anonymousWrites && !user)));
      if (!n || (method === "GET" ? !mine : !mayWrite)) return json(res, 404, { detail: "Not Found" });
      if (method === "DELETE") {
        state.notes.delete(n.id);
        res.writeHead(204);
        return void res.end();
      }
      if (method === "PUT") Object.assign(n, { title: str(input["title"], "untitled"), body: str(input["body"], "") });
      if (method === "PATCH") Object.assign(n, { title: str(input["title"], n.title), body: str(input["body"], n.body) });
      if (opts.massAssign && typeof input["owner_id"] === "number") n.owner_id = input["owner_id"];
      return json(res, 200, n);
    }

    if (p === "/orders" && user) {
      if (method === "POST") {
        const item = str(input["item"], "widget");
        const quantity = typeof input["quantity"] === "number" ? input["quantity"] : 1;
        const price = opts.massAssign && typeof input["price"] === "number" ? input["price"] : (CATALOG[item] ?? 10) * quantity;
        const o: Order = { id: nextId++, owner_id: user.id, item, quantity, price };
        state.orders.set(o.id, o);
        return json(res, 201, o);
      }
      return json(res, 200, [...state.orders.values()].filter((o) => o.owner_id === user.id));
    }
    const orderMatch = /^\/orders\/(\d+)$/.exec(p);
    if (orderMatch && user) {
      const o = state.orders.get(Number(orderMatch[1]));
      if (!o || o.owner_id !== user.id) return json(res, 404, { detail: "Not Found" });
      if (method === "DELETE") {
        state.orders.delete(o.id);
        res.writeHead(204);
        return void res.end();
      }
      return json(res, 200, o);
    }

    if (p.startsWith("/admin/")) {
      const allowed = user?.role === "admin" || (writing && opts.adminWrites && user);
      if (!allowed) return json(res, 403, { detail: "Forbidden" });
      if (p === "/admin/announcements") {
        if (method === "POST") {
          const a: Announcement = { id: nextId++, text: str(input["text"], "") };
          state.announcements.set(a.id, a);
          return json(res, 201, a);
        }
        return json(res, 200, [...state.announcements.values()]);
      }
      const m = /^\/admin\/announcements\/(\d+)$/.exec(p);
      const a = m ? state.announcements.get(Number(m[1])) : undefined;
      if (!a) return json(res, 404, { detail: "Not Found" });
      if (method === "DELETE") {
        state.announcements.delete(a.id);
        res.writeHead(204);
        return void res.end();
      }
      return json(res, 200, a);
    }
    return json(res, 404, { detail: "Not Found" });
  };
  return { handler, state };
}
