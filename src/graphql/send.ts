// Sending GraphQL through a check's HTTP client: every request is marked `graphql`, so the HTTP layer
// parses its documents and refuses mutations outside --mode active. Refusals come back as null.
import type { CheckContext } from "../core/check.js";
import { PolicyError } from "../core/errors.js";
import type { Exchange } from "../core/types.js";
import { parseGraphqlBody, type GraphqlResult } from "./response.js";

export interface GraphqlBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface Sent {
  exchange: Exchange;
  /** The first (or only) result; null when the answer is not GraphQL. */
  result: GraphqlResult | null;
  /** Every result of a batch. */
  results: GraphqlResult[] | null;
}

function sentOf(exchange: Exchange): Sent {
  const results = exchange.response ? parseGraphqlBody(exchange.response.body) : null;
  return { exchange, result: results?.[0] ?? null, results };
}

type Http = Pick<CheckContext, "http">;

/** POSTs a body (one operation or a batch) as JSON, or with another content type and a raw body. */
export async function postGraphql(
  ctx: Http,
  url: string,
  body: GraphqlBody | GraphqlBody[] | string,
  identity: string | null,
  contentType = "application/json",
): Promise<Sent | null> {
  try {
    const ex = await ctx.http.send({
      method: "POST",
      url,
      headers: { "content-type": contentType, accept: "application/graphql-response+json, application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
      identity,
      graphql: true,
      followRedirects: false,
      retryThrottled: false,
    });
    return sentOf(ex);
  } catch (e) {
    if (e instanceof PolicyError) return null;
    throw e;
  }
}

/** GraphQL over GET: `?query=…&variables=…`. */
export async function getGraphql(ctx: Http, url: string, body: GraphqlBody, identity: string | null, accept = "application/json"): Promise<Sent | null> {
  const query: Record<string, string> = { query: body.query };
  if (body.variables && Object.keys(body.variables).length > 0) query["variables"] = JSON.stringify(body.variables);
  if (body.operationName) query["operationName"] = body.operationName;
  try {
    const ex = await ctx.http.send({ method: "GET", url, query, headers: { accept }, identity, graphql: true, followRedirects: false, retryThrottled: false });
    return sentOf(ex);
  } catch (e) {
    if (e instanceof PolicyError) return null;
    throw e;
  }
}
