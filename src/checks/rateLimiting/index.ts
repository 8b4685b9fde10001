// Registry of the rateLimiting checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import headersMissing from "./headers-missing.js";
import missingPagination from "./missing-pagination.js";
import noLimitObserved from "./no-limit-observed.js";
import oversizedResponse from "./oversized-response.js";
import unboundedPageSize from "./unbounded-page-size.js";
import graphqlDepthUnlimited from "./graphql-depth-unlimited.js";
import graphqlBatching from "./graphql-batching.js";

export const rateLimitingChecks: Check[] = [graphqlBatching, graphqlDepthUnlimited, headersMissing, missingPagination, noLimitObserved, oversizedResponse, unboundedPageSize];
