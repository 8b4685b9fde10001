// How GraphQL operations appear in findings: `query user`, `mutation updateOrder` (method = operation
// kind, path = root field), at the endpoint's URL; the reproduce line is the curl of the exchange with
// its JSON body.
export type GraphqlKind = "query" | "mutation" | "subscription";

export const GRAPHQL_KINDS: ReadonlySet<string> = new Set<GraphqlKind>(["query", "mutation", "subscription"]);

export function graphqlOperation(kind: GraphqlKind, field: string, url: string): { method: string; path: string; url: string } {
  return { method: kind, path: field, url };
}
