import { eachPerSlot } from "../../core/bounded.js";
import { defineCheck } from "../../core/check.js";
import type { Depth, Exchange } from "../../core/types.js";
import { isApiDocument, requestPath } from "../../patterns/text.js";
import { DOCS_PATHS, inTier, TIERS } from "../../patterns/wordlists.js";
import { bodyWithoutPath, candidateUrls, confidentFramework, fetchPublished, slashVariant } from "./_probe.js";
import { inventoryRefs } from "./_refs.js";

function docsRows(depth: Depth, framework: string | null) {
  return DOCS_PATHS.filter((r) => inTier(r, depth, framework));
}

function excerptOf(ex: Exchange, signature: RegExp): string {
  const body = ex.response?.body ?? "";
  const m = signature.exec(body.slice(0, 65_536));
  const at = m ? Math.max(0, m.index - 30) : 0;
  return `${ex.response?.status ?? ""} ${ex.response?.contentType ?? ""}: ${body.slice(at, at + 120).replace(/\s+/g, " ")}`;
}

export default defineCheck({
  meta: {
    id: "inventoryManagement.docs-exposed",
    title: "API documentation reachable without authentication",
    category: "inventoryManagement",
    severity: "info",
    how: "probe",
    description:
      "Interactive API documentation (Swagger UI, ReDoc, GraphiQL, GraphQL Playground) or the raw OpenAPI/Swagger document is served to anyone. That is fine for a public API, but for an internal or partner API it hands attackers a complete map of operations, parameters and schemas, including the ones nobody meant to publish.",
    references: inventoryRefs([200, 1059]),
    remediation: {
      summary: "Serve API docs only where they are meant to be public; otherwise disable them in production or put them behind authentication.",
      steps: [
        "FastAPI: `FastAPI(docs_url=None, redoc_url=None, openapi_url=None)` in production, or mount them behind a dependency that checks auth.",
        "Spring Boot (springdoc): `springdoc.api-docs.enabled=false` and `springdoc.swagger-ui.enabled=false` in the production profile.",
        "Express/NestJS: register swagger-ui-express / SwaggerModule only when NODE_ENV is not production, or behind auth middleware.",
      ],
    },
    milestone: 1,
  },
  estimateRequests(ctx) {
    const prefixed = new URL(ctx.target.url).pathname.replace(/\/+$/, "") || ctx.api?.basePath ? 2 : 1;
    // Framework-promoted rows are not known before the scan: count the widest tier that could apply; a
    // trailing-slash retry of an extension-less path counts one more.
    const rows = DOCS_PATHS.filter((r) => r.tier - (r.frameworks?.length ? 1 : 0) <= TIERS[ctx.settings.depth]);
    return rows.reduce((n, r) => n + (slashVariant(`http://x${r.path}`) ? 2 : 1), 0) * prefixed;
  },
  async run(ctx) {
    const reported = new Set<string>();
    const report = (ex: Exchange, title: string, signature: RegExp): void => {
      const path = requestPath(ex);
      if (reported.has(path)) return;
      reported.add(path);
      ctx.report({
        confidence: "confirmed",
        title: `${title} reachable without authentication at ${path}`,
        operation: { method: ex.request.method, path, url: ex.request.url },
        key: path,
        evidence: [{ exchange: ex, excerpt: excerptOf(ex, signature) }],
      });
    };
    // The spec discovery may already have fetched a document without credentials.
    for (const ex of ctx.exchanges()) {
      const res = ex.response;
      if (ex.request.method !== "GET" || ex.request.identity !== null || !res || res.status < 200 || res.status >= 300) continue;
      if (isApiDocument(ex)) report(ex, "API document", /"(?:openapi|swagger)"|openapi:|swagger:|swagger-ui|redoc|graphiql/i);
    }
    const rows = docsRows(ctx.settings.depth, confidentFramework(ctx));
    const fetches = rows.flatMap((row) => candidateUrls(ctx, row.path).map((url) => ({ row, url })));
    await eachPerSlot(ctx.concurrency, fetches, async ({ row, url }) => {
      const ex = await fetchPublished(ctx, url);
      const res = ex.response;
      if (!res || res.status < 200 || res.status >= 300) return;
      if (row.signature.test(bodyWithoutPath(ex))) report(ex, row.title, row.signature);
    });
  },
});
