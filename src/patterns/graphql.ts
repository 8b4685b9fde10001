// GraphQL data: where endpoints live, names to guess when only field suggestions reveal the schema, and
// the wording of the reference implementation's validation errors (graphql-js, which most servers reuse
// or imitate) from which a schema is rebuilt.
import type { Depth } from "../core/types.js";

/** Well-known endpoint paths, by tier (quick: 0, standard: ≤1, deep: ≤2). */
export const GRAPHQL_PATHS: readonly { path: string; tier: 0 | 1 | 2 }[] = [
  { path: "/graphql", tier: 0 },
  { path: "/api/graphql", tier: 0 },
  { path: "/query", tier: 1 },
  { path: "/v1/graphql", tier: 1 },
  { path: "/graphql/v1", tier: 1 },
  { path: "/gql", tier: 1 },
  { path: "/api/gql", tier: 2 },
  { path: "/v2/graphql", tier: 2 },
  { path: "/api/v1/graphql", tier: 2 },
  { path: "/graphql/api", tier: 2 },
  { path: "/api/query", tier: 2 },
  { path: "/index.php?graphql", tier: 2 },
];

export const GRAPHQL_TIER: Record<Depth, number> = { quick: 0, standard: 1, deep: 2 };

/** Root field names to guess: a wrong guess close to a real name draws a "Did you mean" suggestion. */
export const ROOT_FIELD_GUESSES: readonly string[] = [
  "user", "users", "me", "viewer", "account", "accounts", "order", "orders", "product", "products",
  "item", "items", "post", "posts", "customer", "customers", "node", "nodes", "search", "profile",
  "invoice", "invoices", "payment", "payments", "team", "teams", "project", "projects", "comment",
  "comments", "message", "messages", "file", "files", "setting", "settings", "admin", "config",
  "organization", "organizations", "company", "employee", "employees", "ticket", "tickets", "event",
  "events", "task", "tasks", "document", "documents", "report", "reports", "patient", "patients",
];

/** Object field names to guess. */
export const OBJECT_FIELD_GUESSES: readonly string[] = [
  "id", "uuid", "name", "title", "email", "username", "phone", "address", "status", "role", "roles",
  "total", "amount", "price", "currency", "createdAt", "updatedAt", "description", "owner", "user",
  "author", "customer", "items", "orders", "friends", "members", "password", "passwordHash", "token",
  "apiKey", "secret", "ssn", "isAdmin", "permissions", "balance", "card", "notes", "type", "url",
];

/** `Cannot query field "usr" on type "Query". Did you mean "user" or "users"?` */
export const UNKNOWN_FIELD = /^Cannot query field "([_A-Za-z][_0-9A-Za-z]*)" on type "([_A-Za-z][_0-9A-Za-z]*)"\.(?: Did you mean (.+)\?)?/;
/** `Field "user" of type "User" must have a selection of subfields.` */
export const NEEDS_SELECTION = /^Field "([_A-Za-z][_0-9A-Za-z]*)" of type "([^"]+)" must have a selection of subfields/;
/** `Field "name" must not have a selection since type "String!" has no subfields.` */
export const NO_SUBFIELDS = /^Field "([_A-Za-z][_0-9A-Za-z]*)" must not have a selection since type "([^"]+)" has no subfields/;
/** `Field "user" argument "id" of type "ID!" is required, but it was not provided.` */
export const REQUIRED_ARGUMENT = /^Field "([_A-Za-z][_0-9A-Za-z]*)" argument "([_A-Za-z][_0-9A-Za-z]*)" of type "([^"]+)" is required/;
/** Any suggestion list, for the field-suggestion finding. */
export const DID_YOU_MEAN = /Did you mean (?:"[_A-Za-z][_0-9A-Za-z]*"|[^?]{1,200}\?)/;

/** Names in a `Did you mean "a", "b", or "c"?` list. */
export function suggestedNames(list: string | undefined): string[] {
  return [...(list ?? "").matchAll(/"([_A-Za-z][_0-9A-Za-z]*)"/g)].map((m) => m[1] as string);
}

/** Mutation names that check a secret: batching or aliases multiply guesses per request. */
export const GUESSABLE_MUTATION = /^(?:log_?in|sign_?in|authenticate|auth|token|create_?token|create_?session|verify|verify_?otp|verify_?code|check_?otp|otp|mfa|two_?factor|confirm_?code|redeem|redeem_?code|apply_?coupon|reset_?password|validate_?code)/i;
