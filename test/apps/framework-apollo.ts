// Imitates Apollo Server 4 on Express: GET queries allowed; introspection on (vulnerable) or off
// (hardened: the GRAPHQL_VALIDATION_FAILED error Apollo returns in production).
import { appHandler, jsonReply, type AppStyle, type Route } from "./framework-common.js";

const style: AppStyle = {
  headers: (h): Record<string, string> => (h ? { "x-content-type-options": "nosniff" } : { "x-powered-by": "Express" }),
  notFound: (r) => ({ status: 404, body: `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${r.method} ${r.url.pathname}</pre>\n</body>\n</html>\n`, headers: { "content-type": "text/html; charset=utf-8" } }),
};

export function apolloApp(hardened: boolean) {
  const routes: Route[] = [
    {
      path: "/graphql",
      reply: (r) => {
        const query = r.url.searchParams.get("query") ?? "";
        if (!query) return jsonReply(400, { errors: [{ message: "GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension." }] });
        if (/__schema|__type/.test(query)) {
          if (hardened) {
            return jsonReply(400, { errors: [{ message: "GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production", extensions: { code: "GRAPHQL_VALIDATION_FAILED" } }] });
          }
          return jsonReply(200, { data: { __schema: { queryType: { name: "Query" }, types: [{ name: "Query" }, { name: "User" }, { name: "AdminAuditLog" }, { name: "String" }] } } });
        }
        return jsonReply(200, { data: null });
      },
    },
  ];
  return appHandler(style, routes, hardened);
}
