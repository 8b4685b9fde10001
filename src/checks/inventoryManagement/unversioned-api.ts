import { defineCheck } from "../../core/check.js";
import { VERSION_PARAMS, VERSION_SEGMENT } from "../../patterns/wordlists.js";
import { inventoryRefs } from "./_refs.js";

const DATE_VERSION = /\/\d{4}-\d{2}-\d{2}(?=\/|$)/;

export default defineCheck({
  meta: {
    id: "inventoryManagement.unversioned-api",
    title: "API has no version",
    category: "inventoryManagement",
    severity: "info",
    how: "offline",
    description:
      "Neither the paths, the base path, the server URLs nor any header or query parameter carry an API version. Without versions, breaking changes and security fixes cannot be rolled out side by side, and old clients end up pinning insecure behaviour.",
    references: inventoryRefs([1059]),
    remediation: {
      summary: "Version the API: a path prefix (`/v1`), a version header, or a media-type parameter, and document it.",
      steps: ["Pick one scheme and apply it to every operation.", "Track which versions are deployed and retire old ones on a schedule."],
    },
    milestone: 1,
  },
  async run(ctx) {
    const api = ctx.api;
    if (!api) return ctx.notApplicable("no API description to read versions from");
    const places = [new URL(ctx.target.url).pathname, api.basePath, ...api.servers, ...api.operations.map((op) => op.path)];
    if (places.some((p) => VERSION_SEGMENT.test(p) || DATE_VERSION.test(p) || /^https?:\/\/v\d+\./i.test(p))) return;
    if (api.operations.some((op) => op.parameters.some((p) => (p.in === "header" || p.in === "query") && VERSION_PARAMS.test(p.name)))) return;
    ctx.report({
      confidence: "firm",
      operation: null,
      key: "unversioned",
      reproduce: null,
      evidence: [{ request: "API description", status: null, excerpt: `${api.operations.length} operations, e.g. ${api.operations.slice(0, 3).map((op) => `${op.method} ${op.path}`).join(", ")}; servers: ${api.servers.join(", ") || "none"}` }],
    });
  },
});
