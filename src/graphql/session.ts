// One GraphQL assessment per scan, shared by every GraphQL check through ctx.shared, in stages that are
// each started by whichever check asks first: the endpoint, then the schema (SDL given, introspection,
// or rebuilt from suggestions), then the baseline calls (see calls.ts).
import type { GraphQLSchema } from "graphql";
import type { CheckContext } from "../core/check.js";
import type { Exchange } from "../core/types.js";
import { DID_YOU_MEAN } from "../patterns/graphql.js";
import { findEndpoint, type GraphqlEndpoint } from "./endpoint.js";
import { INTROSPECTION_QUERY, schemaFromIntrospection, schemaFromSdl, type SchemaSource } from "./schema.js";
import { getGraphql, postGraphql, type Sent } from "./send.js";
import { rebuildFromSuggestions } from "./suggestions.js";
import { collectIds, generateOperation, hasIdArgument, rootFields, type GeneratedOperation, type IdPool } from "./generate.js";

export interface SchemaStage {
  endpoint: GraphqlEndpoint;
  schema: GraphQLSchema | null;
  source: SchemaSource | null;
  /** The anonymous introspection answer, when the endpoint gave one. */
  introspection: Exchange | null;
  /** Answers carrying "Did you mean" suggestions. */
  suggestions: Exchange[];
  notes: string[];
}

function memo<T>(ctx: CheckContext, key: string, make: () => Promise<T>): Promise<T> {
  let p = ctx.shared.get(key) as Promise<T> | undefined;
  if (!p) {
    p = make();
    ctx.shared.set(key, p);
  }
  return p;
}

export function getEndpoint(ctx: CheckContext): Promise<GraphqlEndpoint | null> {
  return memo(ctx, "graphql:endpoint", () => findEndpoint(ctx));
}

/** Sends one query as a JSON POST (a reproduce line with the body); over GET when the endpoint takes
 *  only GET, or the mode refuses the POST (--mode passive). */
export async function ask(ctx: CheckContext, ep: GraphqlEndpoint, query: string, identity: string | null, variables?: Record<string, unknown>): Promise<Sent | null> {
  const body = variables && Object.keys(variables).length ? { query, variables } : { query };
  if (!ep.post && ep.get) return getGraphql(ctx, ep.url, body, identity);
  const posted = await postGraphql(ctx, ep.url, body, identity);
  return posted ?? (ep.get ? getGraphql(ctx, ep.url, body, identity) : null);
}

export function getSchema(ctx: CheckContext): Promise<SchemaStage | null> {
  return memo(ctx, "graphql:schema", async () => {
    const endpoint = await getEndpoint(ctx);
    if (!endpoint) return null;
    const stage: SchemaStage = { endpoint, schema: null, source: null, introspection: null, suggestions: [], notes: [] };
    const identity = ctx.identities[0]?.label ?? null;
    const anonymous = await ask(ctx, endpoint, INTROSPECTION_QUERY, null);
    let fromIntrospection = schemaFromIntrospection(anonymous?.result?.data);
    // Answering __schema at all is the finding, even when the answer is too partial to build a schema from.
    const data = anonymous?.result?.data as { __schema?: unknown } | null | undefined;
    if (anonymous && data?.__schema && typeof data.__schema === "object") stage.introspection = anonymous.exchange;
    if (!fromIntrospection && identity) {
      const authed = await ask(ctx, endpoint, INTROSPECTION_QUERY, identity);
      fromIntrospection = schemaFromIntrospection(authed?.result?.data);
    }
    const sdl = ctx.settings.graphql?.sdl;
    if (sdl) {
      stage.schema = schemaFromSdl(sdl);
      stage.source = "sdl";
    } else if (fromIntrospection) {
      stage.schema = fromIntrospection;
      stage.source = "introspection";
    }
    // Suggestions are looked for either way: they are a finding of their own.
    const rebuilt = await rebuildFromSuggestions(async (query) => {
      const sent = await ask(ctx, endpoint, query, identity);
      if (sent && sent.result?.errors.some((e) => DID_YOU_MEAN.test(e.message))) stage.suggestions.push(sent.exchange);
      return sent?.result ?? null;
    }, stage.schema === null ? "full" : "probe");
    if (!stage.schema && rebuilt) {
      stage.schema = rebuilt.schema;
      stage.source = "suggestions";
      stage.notes.push(`schema rebuilt from validation messages: ${rebuilt.fields.length} field(s)`);
    }
    // Object-level authorization has something to test when queries take ids (as path ids do for REST).
    if (stage.schema && rootFields(stage.schema, "query").some((f) => hasIdArgument(stage.schema!, f))) ctx.shared.set("applicable:bolaAuthorization", true);
    if (!stage.schema) stage.notes.push("no schema: introspection is off, no SDL was given (--spec schema.graphql) and validation messages revealed nothing");
    return stage;
  });
}

export interface GraphqlCall {
  op: GeneratedOperation;
  /** Identity the call was made as (null: anonymous). */
  identity: string | null;
  sent: Sent;
}

export interface CallsStage {
  stage: SchemaStage;
  calls: GraphqlCall[];
  /** Ids seen in the primary identity's answers, by type. */
  pool: IdPool;
}

const ROOT_FIELD_CAP: Record<string, number> = { quick: 8, standard: 25, deep: 60 };
/** Mutations never called even in active mode: their names say they destroy. */
const DESTRUCTIVE = /^(?:delete|remove|destroy|drop|purge|wipe|truncate|reset|revoke|cancel|deactivate|ban)/i;

/** Upper bound of the baseline calls (for --dry-run). */
export function callsEstimate(depth: string, mode: string): number {
  return (ROOT_FIELD_CAP[depth] ?? 25) + (mode === "active" ? 10 : 0);
}

/** A data answer for the root field (not null, not an error-only answer). */
export function answered(call: Pick<GraphqlCall, "op" | "sent">): boolean {
  const res = call.sent.exchange.response;
  if (!res || res.status < 200 || res.status >= 300) return false;
  const data = call.sent.result?.data as Record<string, unknown> | null | undefined;
  const value = data?.[call.op.field];
  return value !== null && value !== undefined && !(Array.isArray(value) && value.length === 0);
}

/** The baseline: one valid operation per root query field (mutations too in --mode active), as the
 *  first identity, id-less fields first so their ids feed the rest. */
export function getCalls(ctx: CheckContext): Promise<CallsStage | null> {
  return memo(ctx, "graphql:calls", async () => {
    const stage = await getSchema(ctx);
    if (!stage?.schema) return null;
    const identity = ctx.identities[0]?.label ?? null;
    const pool: IdPool = new Map();
    const calls: GraphqlCall[] = [];
    const run = async (kind: "query" | "mutation", names: string[]) => {
      for (const name of names) {
        const op = generateOperation(stage.schema!, kind, name, pool);
        if (!op) continue;
        const sent = await send(ctx, stage.endpoint, op, identity);
        if (!sent) continue;
        calls.push({ op, identity, sent });
        collectIds(sent.result?.data, pool);
      }
    };
    await run("query", rootFields(stage.schema, "query").slice(0, ROOT_FIELD_CAP[ctx.settings.depth] ?? 25));
    if (ctx.settings.mode === "active") await run("mutation", rootFields(stage.schema, "mutation").filter((n) => !DESTRUCTIVE.test(n)).slice(0, 10));
    return { stage, calls, pool };
  });
}

/** Sends a generated operation (the HTTP layer refuses a mutation outside --mode active). */
export function send(ctx: CheckContext, ep: GraphqlEndpoint, op: Pick<GeneratedOperation, "kind" | "document" | "variables">, identity: string | null): Promise<Sent | null> {
  return ask(ctx, ep, op.document, identity, op.variables);
}
