import { defineCheck, type PlanContext } from "../../core/check.js";
import type { Exchange } from "../../core/types.js";
import { byDepth } from "../inputValidation/_shared.js";
import { inventoryRefs } from "./_refs.js";

// The smallest introspection query that proves the schema is served (sent as GET: read-only, safe mode).
export const INTROSPECTION_QUERY = "{__schema{queryType{name}types{name}}}";

/** GraphQL endpoints: described paths mentioning graphql first, then the usual locations. */
function endpoints(ctx: Pick<PlanContext, "api" | "operations" | "settings" | "target">): string[] {
  const described = (ctx.api?.operations ?? ctx.operations).filter((op) => /graphql/i.test(op.path)).map((op) => `${ctx.api?.basePath ?? ""}${op.path}`);
  const prefix = new URL(ctx.target.url).pathname.replace(/\/+$/, "") || (ctx.api?.basePath ?? "").replace(/\/+$/, "");
  const usual = ["/graphql", ...(prefix ? [`${prefix}/graphql`] : []), "/api/graphql", "/v1/graphql", "/query"];
  return [...new Set([...described, ...usual])].slice(0, byDepth(ctx.settings.depth, 1, 2, 5));
}

function introspected(ex: Exchange): boolean {
  const res = ex.response;
  if (!res || res.status < 200 || res.status >= 300) return false;
  return /"__schema"\s*:\s*\{/.test(res.body.slice(0, 65_536)) && /"(?:types|queryType)"\s*:/.test(res.body.slice(0, 65_536));
}

export default defineCheck({
  meta: {
    id: "inventoryManagement.graphql-introspection",
    title: "GraphQL introspection enabled",
    category: "inventoryManagement",
    severity: "medium",
    how: "probe",
    description:
      "The GraphQL endpoint answers introspection queries (`__schema`) for anyone, handing out the complete schema: every type, field, query and mutation, including internal and admin ones that no client uses.",
    references: inventoryRefs([200, 1059]),
    remediation: {
      summary: "Disable introspection in production (or allow it only for authenticated developers) and keep the schema in your docs pipeline instead.",
      steps: [
        "Apollo Server: `introspection: false` in production. graphql-yoga/envelop: `useDisableIntrospection()`. Strawberry: `DisableIntrospection` extension. graphql-java: `NoIntrospectionGraphqlFieldVisibility`.",
        "Also limit query depth/complexity: introspection-style nested queries are a denial-of-service vector.",
      ],
    },
    milestone: 2,
  },
  estimateRequests: (ctx) => endpoints(ctx).length,
  async run(ctx) {
    const origin = new URL(ctx.target.url).origin;
    await Promise.all(
      endpoints(ctx).map(async (path) => {
        const ex = await ctx.http.send({ method: "GET", url: origin + path, query: { query: INTROSPECTION_QUERY }, identity: null, followRedirects: false });
        if (!introspected(ex)) return;
        ctx.report({
          confidence: "confirmed",
          operation: { method: "GET", path, url: ex.request.url },
          key: path,
          evidence: [{ exchange: ex, excerpt: ex.response!.body.slice(0, 140).replace(/\s+/g, " "), note: "introspection answered without credentials" }],
        });
      }),
    );
  },
});
