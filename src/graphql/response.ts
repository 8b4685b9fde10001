// What a GraphQL answer looks like on the wire (GraphQL over HTTP): a JSON object with `data` and/or an
// `errors` list of objects with a `message`, or a list of those for a batch.
export interface GraphqlError {
  message: string;
  extensions?: Record<string, unknown>;
  path?: (string | number)[];
}

export interface GraphqlResult {
  data: unknown;
  errors: GraphqlError[];
}

function asResult(value: unknown): GraphqlResult | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const obj = value as Record<string, unknown>;
  const hasData = "data" in obj && (obj["data"] === null || typeof obj["data"] === "object");
  const rawErrors = obj["errors"];
  const errorsOk = Array.isArray(rawErrors) && rawErrors.length > 0 && rawErrors.every((e) => e && typeof e === "object" && typeof (e as { message?: unknown }).message === "string");
  if (!hasData && !errorsOk) return null;
  // A REST envelope with a `data` key and other keys besides errors/extensions is not GraphQL.
  if (Object.keys(obj).some((k) => k !== "data" && k !== "errors" && k !== "extensions")) return null;
  return { data: hasData ? obj["data"] : null, errors: errorsOk ? (rawErrors as GraphqlError[]) : [] };
}

/** One result, or the results of a batch; null when the body is not a GraphQL answer. */
export function parseGraphqlBody(body: string): GraphqlResult[] | null {
  const text = body.trimStart();
  if (!text.startsWith("{") && !text.startsWith("[")) return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (Array.isArray(value)) {
    const all = value.map(asResult);
    return all.length > 0 && all.every((r) => r !== null) ? (all as GraphqlResult[]) : null;
  }
  const one = asResult(value);
  return one ? [one] : null;
}

export function isGraphqlResponse(body: string): boolean {
  return parseGraphqlBody(body) !== null;
}

/** `origin + path` without trailing slashes: how endpoints are compared. */
export function endpointKey(url: string | URL): string {
  try {
    const u = typeof url === "string" ? new URL(url) : url;
    return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
  } catch {
    return String(url);
  }
}

const GRAPHQL_ERROR_WORDS = /graphql|query|field|syntax|operation|variable|selection|introspection|mutation|persisted/i;

/** An answer that shows a GraphQL server: a `data` object, or errors worded the way GraphQL servers
 *  word them (a REST `{"errors":[…]}` envelope alone does not confirm an endpoint). */
export function confirmsGraphql(body: string): boolean {
  const results = parseGraphqlBody(body);
  if (!results) return false;
  if (/^\s*\{\s*"data"\s*:/.test(body)) return true;
  return results.some((r) => (r.data !== null && typeof r.data === "object") || r.errors.some((e) => GRAPHQL_ERROR_WORDS.test(e.message)));
}
