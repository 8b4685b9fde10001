// Registry of the inputValidation checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import commandInjection from "./command-injection.js";
import corsNullOrigin from "./cors-null-origin.js";
import corsReflectedOrigin from "./cors-reflected-origin.js";
import corsWildcard from "./cors-wildcard.js";
import crlfInjection from "./crlf-injection.js";
import dangerousMethods from "./dangerous-methods.js";
import debugEndpointExposed from "./debug-endpoint-exposed.js";
import graphqlCsrf from "./graphql-csrf.js";
import graphqlVerboseErrors from "./graphql-verbose-errors.js";
import missingContentTypeOptions from "./missing-content-type-options.js";
import nosqlInjection from "./nosql-injection.js";
import pathTraversal from "./path-traversal.js";
import sensitiveResponseCacheable from "./sensitive-response-cacheable.js";
import sqlErrorInjection from "./sql-error-injection.js";
import sqlInjection from "./sql-injection.js";
import templateInjection from "./template-injection.js";
import verboseErrors from "./verbose-errors.js";
import xxe from "./xxe.js";

export const inputValidationChecks: Check[] = [
  commandInjection,
  corsNullOrigin,
  corsReflectedOrigin,
  corsWildcard,
  crlfInjection,
  dangerousMethods,
  debugEndpointExposed,
  graphqlCsrf,
  graphqlVerboseErrors,
  missingContentTypeOptions,
  nosqlInjection,
  pathTraversal,
  sensitiveResponseCacheable,
  sqlErrorInjection,
  sqlInjection,
  templateInjection,
  verboseErrors,
  xxe,
];
