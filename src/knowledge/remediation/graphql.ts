// GraphQL fixes per server, as data: one row per topic, one text per server. The checks' remediation is
// built from these rows (summary, then one step per server), so the docs pages list every server.
import type { CheckMeta } from "../../core/check.js";

export const GRAPHQL_SERVERS = ["Apollo Server", "GraphQL Yoga", "Hasura", "graphene / Strawberry", "gqlgen", "HotChocolate"] as const;
export type GraphqlServer = (typeof GRAPHQL_SERVERS)[number];

export type GraphqlTopic =
  | "introspection"
  | "suggestions"
  | "unauthenticated"
  | "objectAccess"
  | "sensitiveFields"
  | "depth"
  | "batching"
  | "csrf"
  | "errors"
  | "ide";

interface TopicRow {
  summary: string;
  servers: Record<GraphqlServer, string>;
}

export const GRAPHQL_REMEDIATION: Record<GraphqlTopic, TopicRow> = {
  introspection: {
    summary: "Disable introspection in production (or allow it only to authenticated developers) and publish the schema through your docs pipeline instead.",
    servers: {
      "Apollo Server": "`new ApolloServer({ introspection: process.env.NODE_ENV !== 'production' })`.",
      "GraphQL Yoga": "Add the `useDisableIntrospection()` plugin from `@graphql-yoga/plugin-disable-introspection`.",
      Hasura: "Metadata `graphql_schema_introspection: { disabled_for_roles: [...] }` (Console → Settings → Security): disable it for every role except admin.",
      "graphene / Strawberry": "Strawberry: `extensions=[DisableIntrospection]`; graphene (Django): validation rule `DisableIntrospection` via `graphene.validation`.",
      gqlgen: "Do not call `srv.Use(extension.Introspection{})` in production builds.",
      HotChocolate: "`.AddGraphQLServer().DisableIntrospection(!env.IsDevelopment())` (v13+), or `AllowIntrospection` only for an authorised policy.",
    },
  },
  suggestions: {
    summary: "Turn off \"Did you mean …\" field suggestions in production: they rebuild the schema for anyone even with introspection off.",
    servers: {
      "Apollo Server": "Apollo Server 4.9+: `hideSchemaDetailsFromClientErrors: true`; earlier, strip `Did you mean` in `formatError`.",
      "GraphQL Yoga": "Use `useMaskedErrors()` and the `blockFieldSuggestions` plugin from `@escape.tech/graphql-armor`.",
      Hasura: "Hasura does not return suggestions for unknown fields; keep the error detail level at its default for non-admin roles.",
      "graphene / Strawberry": "Strawberry: `MaskErrors` extension or a custom `process_errors`; graphene: strip suggestions in the view's `format_error`.",
      gqlgen: "Set `srv.SetErrorPresenter` to drop `Did you mean` from validation messages in production.",
      HotChocolate: "HotChocolate does not suggest fields by default; keep `IncludeExceptionDetails = false` and do not add suggestion middleware.",
    },
  },
  unauthenticated: {
    summary: "Require authentication in the GraphQL context and check it in every resolver (or by a schema directive), not only at the HTTP route.",
    servers: {
      "Apollo Server": "Resolve the user in `context` and throw `GraphQLError('…', { extensions: { code: 'UNAUTHENTICATED' } })` when it is missing; guard fields with an `@auth` directive.",
      "GraphQL Yoga": "Use `@envelop/generic-auth` (`useGenericAuth` with `mode: 'protect-all'`).",
      Hasura: "Set `HASURA_GRAPHQL_UNAUTHORIZED_ROLE` only for a role with no sensitive table permissions; give `anonymous` no select permissions on private tables.",
      "graphene / Strawberry": "Strawberry: `permission_classes=[IsAuthenticated]` on fields; graphene: `@login_required` (django-graphql-jwt).",
      gqlgen: "Add an auth middleware that puts the user in the context and a `@hasRole`/`@auth` directive on the schema.",
      HotChocolate: "`[Authorize]` on types and fields, with `.AddAuthorization()` on the server builder.",
    },
  },
  objectAccess: {
    summary: "Check object ownership in every resolver that takes an id: load the object scoped to the caller (or compare its owner) before returning it.",
    servers: {
      "Apollo Server": "In resolvers: `const order = await db.order.findFirst({ where: { id, ownerId: ctx.user.id } })`; or a DataLoader keyed by (user, id).",
      "GraphQL Yoga": "Same in resolvers; `@envelop/generic-auth` with a `validateUser` that checks the parent object's owner.",
      Hasura: "Row permissions per role: `{ \"owner_id\": { \"_eq\": \"X-Hasura-User-Id\" } }` on every table reachable by id.",
      "graphene / Strawberry": "Filter the queryset by `info.context.user` in `resolve_*`; Strawberry permission classes that check ownership.",
      gqlgen: "Resolvers load by `(id, userID)` from the context; never by id alone.",
      HotChocolate: "Resource-based policies (`[Authorize(Policy = \"Owner\")]`) or filter queries by the user's id in resolvers.",
    },
  },
  sensitiveFields: {
    summary: "Remove secrets (password hashes, API keys, tokens) from the schema, and restrict personal data fields to the roles that need them.",
    servers: {
      "Apollo Server": "Delete the fields from the type definitions; mask the rest with field-level directives.",
      "GraphQL Yoga": "Delete the fields; `@envelop/operation-field-permissions` for fields some roles may see.",
      Hasura: "Untick the columns (password_hash, api_key …) in each role's select permissions.",
      "graphene / Strawberry": "graphene-django: `exclude = (\"password\",)` in the `DjangoObjectType` Meta; Strawberry: leave the field out of the type.",
      gqlgen: "Remove the field from the schema, or `@goField(forceResolver: true)` and return nil for other users.",
      HotChocolate: "`descriptor.Ignore(u => u.PasswordHash)` in the type configuration.",
    },
  },
  depth: {
    summary: "Limit query depth and cost (complexity), and time-box execution.",
    servers: {
      "Apollo Server": "`validationRules: [depthLimit(10), createComplexityLimitRule(1000)]` (graphql-depth-limit, graphql-validation-complexity).",
      "GraphQL Yoga": "`@escape.tech/graphql-armor` (maxDepth, costLimit, maxTokens).",
      Hasura: "Hasura Cloud/EE: `API limits` → depth limit and node limit per role.",
      "graphene / Strawberry": "Strawberry: `QueryDepthLimiter(max_depth=10)` extension; graphene 3: `depth_limit_validator(max_depth=10)`.",
      gqlgen: "`srv.Use(extension.FixedComplexityLimit(200))` plus per-field complexity functions.",
      HotChocolate: "`.AddMaxExecutionDepthRule(10)` and the operation-complexity analyzer (`ModifyRequestOptions(o => o.Complexity.Enable = true)`).",
    },
  },
  batching: {
    summary: "Disable array batching (or cap it) and cap aliases per operation; rate-limit login and one-time-code mutations per account, not per request.",
    servers: {
      "Apollo Server": "Apollo Server 4 rejects batches unless `allowBatchedHttpRequests: true`; keep it off. Cap aliases with graphql-armor `maxAliases`.",
      "GraphQL Yoga": "`batching: false` (default) or `batching: { limit: 5 }`; graphql-armor `maxAliases: 15`.",
      Hasura: "Put a gateway rule on batched requests; API limits (rate limit per role) on Hasura Cloud/EE.",
      "graphene / Strawberry": "graphene-django: `GraphQLView(batch=False)`; Strawberry: do not enable `batching`; a validation rule counting aliases.",
      gqlgen: "gqlgen has no array batching by default; add a validation rule capping aliases and a per-account login limiter.",
      HotChocolate: "Leave `EnableBatching` off (`ModifyRequestOptions(o => o.EnableBatching = false)`) and set `MaxAllowedFieldCycleDepth`/cost limits.",
    },
  },
  csrf: {
    summary: "Accept operations only as POST with `Content-Type: application/json` (or require a preflight header); refuse GET and form/text bodies.",
    servers: {
      "Apollo Server": "Keep `csrfPrevention: true` (default in v4) and do not allow GET for cookie-authenticated APIs.",
      "GraphQL Yoga": "`useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf'] })` and `graphqlEndpoint` with `allowedMethods: ['POST']`.",
      Hasura: "Use header-based auth (not cookies), or a proxy that refuses non-JSON content types.",
      "graphene / Strawberry": "Keep Django's CSRF middleware on the view (no `csrf_exempt`); Strawberry: `allow_queries_via_get=False`.",
      gqlgen: "Register only `transport.POST{}` (not `transport.GET{}`/`transport.MultipartForm{}` unless needed) and check `Content-Type`.",
      HotChocolate: "`MapGraphQL().WithOptions(new GraphQLServerOptions { EnableGetRequests = false })`; CSRF header check is on by default in v13.",
    },
  },
  errors: {
    summary: "Return generic error messages in production: no stack traces, exception details or SQL in `errors[].extensions`.",
    servers: {
      "Apollo Server": "`includeStacktraceInErrorResponses: false` (set NODE_ENV=production) and a `formatError` that masks internal errors.",
      "GraphQL Yoga": "`maskedErrors: true` (default) and never set `maskedErrors: { isDev: true }` in production.",
      Hasura: "Disable `HASURA_GRAPHQL_DEV_MODE` and `HASURA_GRAPHQL_ADMIN_INTERNAL_ERRORS` for non-admin roles.",
      "graphene / Strawberry": "Django `DEBUG = False`; Strawberry: `MaskErrors()` extension.",
      gqlgen: "`srv.SetRecoverFunc` and `SetErrorPresenter` that log the error and return a generic message.",
      HotChocolate: "`ModifyRequestOptions(o => o.IncludeExceptionDetails = false)` outside development.",
    },
  },
  ide: {
    summary: "Do not serve GraphiQL, GraphQL Playground or the Apollo Sandbox landing page in production.",
    servers: {
      "Apollo Server": "`plugins: [ApolloServerPluginLandingPageDisabled()]` in production.",
      "GraphQL Yoga": "`graphiql: false` in production.",
      Hasura: "`HASURA_GRAPHQL_ENABLE_CONSOLE=false` and serve the console only from the CLI.",
      "graphene / Strawberry": "graphene-django: `GraphQLView.as_view(graphiql=False)`; Strawberry: `graphql_ide=None` (or `graphiql=False`).",
      gqlgen: "Do not mount `playground.Handler` in production builds.",
      HotChocolate: "`MapGraphQL().WithOptions(new GraphQLServerOptions { Tool = { Enable = false } })` (Banana Cake Pop/Nitro off).",
    },
  },
};

/** A check's remediation: the summary, then one step per server. */
export function graphqlRemediation(topic: GraphqlTopic, extra: string[] = []): CheckMeta["remediation"] {
  const row = GRAPHQL_REMEDIATION[topic];
  return { summary: row.summary, steps: [...extra, ...GRAPHQL_SERVERS.map((s) => `${s}: ${row.servers[s]}`)] };
}
