// Registry of the inputValidation checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import corsNullOrigin from "./cors-null-origin.js";
import corsReflectedOrigin from "./cors-reflected-origin.js";
import corsWildcard from "./cors-wildcard.js";
import dangerousMethods from "./dangerous-methods.js";
import debugEndpointExposed from "./debug-endpoint-exposed.js";
import missingContentTypeOptions from "./missing-content-type-options.js";
import sensitiveResponseCacheable from "./sensitive-response-cacheable.js";
import sqlErrorInjection from "./sql-error-injection.js";
import verboseErrors from "./verbose-errors.js";
import graphqlVerboseErrors from "./graphql-verbose-errors.js";
import graphqlCsrf from "./graphql-csrf.js";

export const inputValidationChecks: Check[] = [graphqlCsrf, graphqlVerboseErrors, 
  corsNullOrigin,
  corsReflectedOrigin,
  corsWildcard,
  dangerousMethods,
  debugEndpointExposed,
  missingContentTypeOptions,
  sensitiveResponseCacheable,
  sqlErrorInjection,
  verboseErrors,
];
