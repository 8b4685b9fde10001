// The schema of a GraphQL endpoint: from an introspection answer or SDL text, built by the reference
// library (never parsed by hand).
import { GraphQLSchema, buildClientSchema, buildSchema, getIntrospectionQuery, stripIgnoredCharacters, type IntrospectionQuery } from "graphql";

export type SchemaSource = "introspection" | "sdl" | "suggestions";

/** The full introspection query, without descriptions (smaller answers, same structure), on one line. */
export const INTROSPECTION_QUERY = stripIgnoredCharacters(getIntrospectionQuery({ descriptions: false }));

/** A schema from the `data` of an introspection answer, or null when it is incomplete. */
export function schemaFromIntrospection(data: unknown): GraphQLSchema | null {
  if (!data || typeof data !== "object" || !("__schema" in data)) return null;
  try {
    return buildClientSchema(data as IntrospectionQuery, { assumeValid: false });
  } catch {
    return null;
  }
}

/** Builds SDL text; throws an Error with one line saying what is wrong. */
export function schemaFromSdl(text: string): GraphQLSchema {
  try {
    return buildSchema(text, { assumeValidSDL: false });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new Error(`not a valid GraphQL schema (SDL): ${msg}`);
  }
}

/** SDL by file name, or by content that starts with schema definitions. */
export function looksLikeSdl(source: string, text?: string): boolean {
  if (/\.(?:graphqls?|gql|sdl)$/i.test(source)) return true;
  if (text === undefined) return false;
  const head = text.replace(/^\uFEFF/, "").replace(/^(?:\s*#[^\n]*\n|\s*"""[\s\S]*?"""|\s+)*/, "");
  return /^(?:schema|type|interface|enum|input|scalar|union|directive|extend)\s/.test(head);
}
