// A GraphQL server built on the reference `graphql` library over plain node:http, in a vulnerable and a
// hardened configuration. Vulnerable: introspection and suggestions on, anonymous data, any user's
// objects by id, password hashes and API keys in fields, no depth/alias/batch limits, GET and form posts
// executed, stack traces in errors[].extensions, GraphiQL served. Hardened: the opposite of each.
import type http from "node:http";
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  buildSchema,
  execute,
  parse,
  specifiedRules,
  validate,
  type ASTVisitor,
  type DocumentNode,
  type SelectionSetNode,
  type ValidationContext,
} from "graphql";

export const VULNERABLE_SDL = `
type Query {
  me: User
  user(id: ID!): User
  users(limit: Int): [User!]!
  order(id: ID!): Order
  orders: [Order!]!
}
type User {
  id: ID!
  name: String!
  email: String!
  passwordHash: String
  apiKey: String
  orders: [Order!]!
  friends: [User!]!
}
type Order {
  id: ID!
  total: Float!
  status: String!
  owner: User!
}
type Mutation {
  login(email: String!, password: String!): String
  verifyOtp(code: String!): Boolean
  updateOrder(id: ID!, status: String): Order
}
`;

/** The hardened API publishes no secrets in its types. */
export const HARDENED_SDL = VULNERABLE_SDL.replace("  passwordHash: String\n  apiKey: String\n", "");

interface UserRow {
  id: string;
  name: string;
  email: string;
  passwordHash: string;
  apiKey: string;
}
interface OrderRow {
  id: string;
  total: number;
  status: string;
  ownerId: string;
}

const USERS: UserRow[] = [
  { id: "101", name: "Alice Archer", email: "alice@example.test", passwordHash: "$2b$10$C6UzMDM.H6dfI/f/IKcEeO5Zx9g5FQlBt5yQj2xK6WcHkQ7b1a1eK", apiKey: "sk_live_51HqLyjWDarjtT1zdp7dcXYZ0123456789abcdef" },
  { id: "102", name: "Bob Baker", email: "bob@example.test", passwordHash: "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", apiKey: "sk_live_51HqLyjWDarjtT1zdp7dcXYZ9876543210fedcba" },
];
const ORDERS: OrderRow[] = [
  { id: "5001", total: 42.5, status: "shipped", ownerId: "101" },
  { id: "5002", total: 99.99, status: "paid", ownerId: "102" },
];
const TOKENS: Record<string, string> = { "alice-token-1234567890": "101", "bob-token-0987654321": "102" };

const MAX_DEPTH = 6;
const MAX_ALIASES = 15;

function depthOf(set: SelectionSetNode | undefined): number {
  if (!set) return 0;
  let max = 0;
  for (const s of set.selections) {
    const inner = s.kind === "Field" || s.kind === "InlineFragment" ? s.selectionSet : undefined;
    max = Math.max(max, (s.kind === "Field" ? 1 : 0) + depthOf(inner));
  }
  return max;
}

/** Hardened limits as validation rules (what graphql-depth-limit and alias limiters do). */
function limitRule(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  return {
    Field(node) {
      if (node.alias) aliases++;
      if (aliases === MAX_ALIASES + 1) context.reportError(new GraphQLError(`Too many aliases (max ${MAX_ALIASES})`));
    },
    OperationDefinition(node) {
      if (depthOf(node.selectionSet) > MAX_DEPTH) context.reportError(new GraphQLError(`Query exceeds maximum depth of ${MAX_DEPTH}`));
    },
  };
}

export interface GraphqlAppOptions {
  hardened: boolean;
  /** Serve at this path (default /graphql). */
  path?: string;
  /** Introspection off but everything else vulnerable (schema then comes from SDL or suggestions). */
  introspection?: boolean;
}

function userView(u: UserRow, hardened: boolean) {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    ...(hardened ? {} : { passwordHash: u.passwordHash, apiKey: u.apiKey }),
    orders: () => ORDERS.filter((o) => o.ownerId === u.id).map((o) => orderView(o, hardened)),
    friends: () => USERS.filter((x) => x.id !== u.id).map((x) => userView(x, hardened)),
  };
}

function orderView(o: OrderRow, hardened: boolean): Record<string, unknown> {
  const owner = USERS.find((u) => u.id === o.ownerId)!;
  return { id: o.id, total: o.total, status: o.status, owner: () => userView(owner, hardened) };
}

function rootValue(hardened: boolean) {
  const who = (ctx: { userId: string | null }) => {
    if (ctx.userId) return ctx.userId;
    if (hardened) throw new GraphQLError("Not authenticated", { extensions: { code: "UNAUTHENTICATED" } });
    return null;
  };
  const allowed = (ctx: { userId: string | null }, ownerId: string) => {
    const id = who(ctx);
    if (hardened && id !== ownerId) throw new GraphQLError("Forbidden", { extensions: { code: "FORBIDDEN" } });
  };
  return {
    me: (_: unknown, ctx: { userId: string | null }) => {
      const id = who(ctx);
      const u = USERS.find((x) => x.id === id);
      return u ? userView(u, hardened) : null;
    },
    user: ({ id }: { id: string }, ctx: { userId: string | null }) => {
      const u = USERS.find((x) => x.id === id);
      if (!u) throw new Error(`user ${id} not found in users table (select * from users where id = '${id}')`);
      allowed(ctx, u.id);
      return userView(u, hardened);
    },
    users: (_: unknown, ctx: { userId: string | null }) => {
      const id = who(ctx);
      return USERS.filter((u) => !hardened || u.id === id).map((u) => userView(u, hardened));
    },
    order: ({ id }: { id: string }, ctx: { userId: string | null }) => {
      const o = ORDERS.find((x) => x.id === id);
      if (!o) return null;
      allowed(ctx, o.ownerId);
      return orderView(o, hardened);
    },
    orders: (_: unknown, ctx: { userId: string | null }) => {
      const id = who(ctx);
      return ORDERS.filter((o) => !hardened || o.ownerId === id).map((o) => orderView(o, hardened));
    },
    login: () => "token",
    verifyOtp: () => false,
    updateOrder: ({ id, status }: { id: string; status?: string }) => {
      const o = ORDERS.find((x) => x.id === id);
      if (o && status) o.status = status;
      return o ? orderView(o, hardened) : null;
    },
  };
}

const GRAPHIQL_PAGE = `<!doctype html><html><head><title>GraphiQL</title><link rel="stylesheet" href="https://unpkg.invalid/graphiql/graphiql.min.css"></head><body><div id="graphiql">Loading…</div><script src="/static/graphiql.min.js"></script><script>ReactDOM.render(React.createElement(GraphiQL, { fetcher: GraphiQL.createFetcher({ url: '/graphql' }) }), document.getElementById('graphiql'));</script></body></html>`;

interface GraphqlRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** Counts the requests each kind of operation received (tests assert mutations never arrive in safe mode). */
export interface GraphqlTraffic {
  mutations: number;
  requests: number;
}

export function graphqlApp(opts: GraphqlAppOptions): { handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>; traffic: GraphqlTraffic } {
  const hardened = opts.hardened;
  const introspection = opts.introspection ?? !hardened;
  const schema = buildSchema(hardened ? HARDENED_SDL : VULNERABLE_SDL);
  const root = rootValue(hardened);
  const rules = [...specifiedRules, ...(introspection ? [] : [NoSchemaIntrospectionCustomRule]), ...(hardened ? [limitRule] : [])];
  const endpoint = opts.path ?? "/graphql";
  const traffic: GraphqlTraffic = { mutations: 0, requests: 0 };

  const formatError = (e: GraphQLError) => {
    // Hardened servers strip suggestions ("Did you mean …") and never attach stack traces.
    if (hardened) return { message: e.message.replace(/ Did you mean .*$/, ""), ...(e.extensions["code"] ? { extensions: { code: e.extensions["code"] } } : {}) };
    const original = e.originalError;
    return {
      message: e.message,
      locations: e.locations,
      path: e.path,
      extensions: { code: e.extensions["code"] ?? "INTERNAL_SERVER_ERROR", exception: { stacktrace: (original?.stack ?? e.stack ?? "").split("\n").slice(0, 6) } },
    };
  };

  const run = async (body: GraphqlRequest, userId: string | null, viaGet: boolean): Promise<{ status: number; result: unknown }> => {
    if (typeof body.query !== "string") return { status: 400, result: { errors: [{ message: "Must provide query string." }] } };
    let document: DocumentNode;
    try {
      document = parse(body.query);
    } catch (e) {
      return { status: 400, result: { errors: [formatError(e as GraphQLError)] } };
    }
    const errors = validate(schema, document, rules);
    if (errors.length > 0) return { status: 400, result: { errors: errors.map(formatError) } };
    const isMutation = document.definitions.some((d) => d.kind === "OperationDefinition" && d.operation === "mutation");
    if (isMutation) {
      traffic.mutations++;
      if (viaGet) return { status: 405, result: { errors: [{ message: "Can only perform a mutation operation from a POST request." }] } };
    }
    const variables = body.variables && typeof body.variables === "object" ? (body.variables as Record<string, unknown>) : undefined;
    const result = await execute({
      schema,
      document,
      rootValue: root,
      contextValue: { userId },
      variableValues: variables ?? null,
      operationName: typeof body.operationName === "string" ? body.operationName : null,
    });
    return { status: 200, result: { ...result, ...(result.errors ? { errors: result.errors.map(formatError) } : {}) } };
  };

  const handler = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== endpoint) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not found" }));
      return;
    }
    traffic.requests++;
    const auth = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
    const userId = auth?.[1] ? (TOKENS[auth[1]] ?? null) : null;
    if (auth && !userId) return send(res, 401, { errors: [{ message: "Invalid token", extensions: { code: "UNAUTHENTICATED" } }] });
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (req.method === "GET") {
      const query = url.searchParams.get("query");
      if (!query) {
        if (!hardened && /text\/html/.test(req.headers.accept ?? "")) {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(GRAPHIQL_PAGE);
          return;
        }
        return send(res, 400, { errors: [{ message: "Must provide query string." }] });
      }
      if (hardened) return send(res, 405, { errors: [{ message: "GraphQL queries must be sent with POST and Content-Type: application/json." }] });
      const vars = url.searchParams.get("variables");
      const { status, result } = await run({ query, variables: vars ? (JSON.parse(vars) as unknown) : undefined, operationName: url.searchParams.get("operationName") }, userId, true);
      return send(res, status, result);
    }
    if (req.method !== "POST") return send(res, 405, { errors: [{ message: `${req.method} not supported` }] });
    const raw = await readBody(req);
    if (hardened && contentType !== "application/json") return send(res, 415, { errors: [{ message: "Unsupported content type: send application/json" }] });
    let payload: unknown;
    try {
      if (contentType === "application/x-www-form-urlencoded") {
        const form = new URLSearchParams(raw);
        payload = { query: form.get("query"), variables: form.get("variables") ? JSON.parse(form.get("variables")!) : undefined };
      } else if (contentType === "application/graphql") payload = { query: raw };
      else payload = JSON.parse(raw);
    } catch {
      return send(res, 400, { errors: [{ message: "Body is not valid JSON" }] });
    }
    if (Array.isArray(payload)) {
      if (hardened) return send(res, 400, { errors: [{ message: "Batched operations are disabled" }] });
      const results = [];
      for (const item of payload.slice(0, 200)) results.push((await run(item as GraphqlRequest, userId, false)).result);
      return send(res, 200, results);
    }
    const { status, result } = await run((payload ?? {}) as GraphqlRequest, userId, false);
    return send(res, status, result);
  };
  return { handler, traffic };
}

export const GRAPHQL_AUTH = ["@alice=bearer:alice-token-1234567890", "@bob=bearer:bob-token-0987654321"];
