// Safe mode and GraphQL: a GraphQL query is a POST, yet reads only. Outside --mode active the HTTP layer
// lets a request marked `graphql` through only when every document it carries parses to queries (no
// mutation, no subscription, nothing unreadable), and a POST only to an endpoint already confirmed as
// GraphQL (named with --graphql or an SDL spec, or answered in GraphQL's shape earlier in this scan) or as
// the one confirmation probe `{ __typename }`. A mutation in a GET's `query` parameter is refused in
// every request, marked or not: some servers execute mutations over GET.
import type { HttpMethod, Mode } from "../core/types.js";
import { parsedKinds, queriesOnly, requestDocuments } from "../graphql/document.js";

export interface GraphqlPolicyInput {
  method: HttpMethod;
  url: URL;
  body: string | null;
  contentType: string | undefined;
  /** The sender marked it as a GraphQL request. */
  graphql: boolean;
  /** The endpoint is a confirmed GraphQL endpoint. */
  confirmed: boolean;
}

const MUTATION_WORD = /\b(?:mutation|subscription)\b/;

/** The harmless query that tells a GraphQL endpoint from anything else. */
export function isConfirmationProbe(docs: readonly string[]): boolean {
  return docs.length === 1 && /^(?:query)?\{__typename\}$/.test((docs[0] ?? "").replace(/\s+/g, ""));
}

/** Why the mode refuses this request for its GraphQL content, or null. */
export function graphqlRefusal(mode: Mode, req: GraphqlPolicyInput): string | null {
  if (mode === "active") return null;
  if (!req.graphql) {
    // Unmarked: a search for "mutation testing" is not GraphQL; only a document that parses counts.
    if (!req.url.search) return null; // no query string, no document (and no URLSearchParams to build)
    const inUrl = req.url.searchParams.getAll("query").filter((q) => MUTATION_WORD.test(q));
    const writes = inUrl.some((q) => {
      const kinds = parsedKinds(q);
      return kinds !== null && (kinds.has("mutation") || kinds.has("subscription"));
    });
    return writes ? `${mode} mode never sends a GraphQL mutation (needs --mode active)` : null;
  }
  const docs = requestDocuments(req.url, req.body, req.contentType);
  if (docs === null || docs.length === 0) return `${mode} mode sends GraphQL only as readable query documents`;
  if (!queriesOnly(docs)) return `${mode} mode never sends GraphQL mutations or subscriptions (needs --mode active)`;
  if (req.method === "POST" && !req.confirmed && !isConfirmationProbe(docs)) {
    return `${mode} mode POSTs GraphQL queries only to a confirmed GraphQL endpoint`;
  }
  return null;
}
