// The GraphQL documents a request carries, and which kinds of operation they hold. Read by the HTTP
// layer's safe-mode guard, so it must be strict: what it cannot read is treated as a possible mutation.
import { Kind, parse } from "graphql";

export type OperationKind = "query" | "mutation" | "subscription";

/** Documents in a request: the `query` URL parameter, and the body by its content type. `null` when the
 *  body cannot be read as GraphQL (unknown content type, JSON without a `query` string, persisted queries). */
export function requestDocuments(url: URL, body: string | null, contentType: string | undefined): string[] | null {
  const docs: string[] = [];
  const fromUrl = url.searchParams.getAll("query");
  docs.push(...fromUrl);
  if (body === null || body === "") return docs;
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/graphql") return [...docs, body];
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(body).getAll("query");
    return form.length > 0 ? [...docs, ...form] : null;
  }
  if (type !== "" && type !== "application/json" && !type.endsWith("+json") && type !== "text/plain") return null;
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return null;
  }
  const items = Array.isArray(payload) ? payload : [payload];
  for (const item of items) {
    const query = item && typeof item === "object" ? (item as { query?: unknown }).query : undefined;
    if (typeof query !== "string") return null;
    docs.push(query);
  }
  return docs;
}

const WRITE_KEYWORD = /(^|[^_A-Za-z0-9])(mutation|subscription)([^_A-Za-z0-9]|$)/;

/**
 * The operation kinds of one document. A document that does not parse is judged by its words: any
 * `mutation`/`subscription` token counts (a server's parser might be more lenient than this one).
 */
export function operationKinds(source: string): Set<OperationKind> {
  const kinds = new Set<OperationKind>();
  try {
    const doc = parse(source, { noLocation: true, maxTokens: 50_000 });
    for (const def of doc.definitions) if (def.kind === Kind.OPERATION_DEFINITION) kinds.add(def.operation as OperationKind);
  } catch {
    const m = WRITE_KEYWORD.exec(source);
    if (m?.[2]) kinds.add(m[2] as OperationKind);
    else kinds.add("query");
  }
  return kinds;
}

/** The operation kinds of a document that parses, else null (a server does not execute what does not parse). */
export function parsedKinds(source: string): Set<OperationKind> | null {
  try {
    const doc = parse(source, { noLocation: true, maxTokens: 50_000 });
    return new Set(doc.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.operation as OperationKind] : [])));
  } catch {
    return null;
  }
}

/** True when every document holds only queries. */
export function queriesOnly(docs: readonly string[]): boolean {
  return docs.every((d) => {
    const kinds = operationKinds(d);
    return !kinds.has("mutation") && !kinds.has("subscription");
  });
}
