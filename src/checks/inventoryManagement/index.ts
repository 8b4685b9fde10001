// Registry of the inventoryManagement checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import deprecatedOperationLive from "./deprecated-operation-live.js";
import docsExposed from "./docs-exposed.js";
import graphqlIntrospection from "./graphql-introspection.js";
import legacyVersionLive from "./legacy-version-live.js";
import serverFingerprint from "./server-fingerprint.js";
import undocumentedEndpoint from "./undocumented-endpoint.js";
import unversionedApi from "./unversioned-api.js";
import graphqlIdeExposed from "./graphql-ide-exposed.js";
import graphqlFieldSuggestions from "./graphql-field-suggestions.js";

export const inventoryManagementChecks: Check[] = [graphqlFieldSuggestions, graphqlIdeExposed, 
  deprecatedOperationLive,
  docsExposed,
  graphqlIntrospection,
  legacyVersionLive,
  serverFingerprint,
  undocumentedEndpoint,
  unversionedApi,
];
