// A GraphQL schema given as the spec (`--spec schema.graphql`): read (file or URL through the scan's
// fetch), recognised by name or content, and checked by the reference library. Not SDL → null, so the
// OpenAPI loader takes the source as before.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { SpecError } from "../core/errors.js";
import { looksLikeSdl, schemaFromSdl } from "../graphql/schema.js";
import type { SpecFetch } from "./documents.js";
import { isUrl } from "./load.js";

const MAX_SDL_BYTES = 8 * 1024 * 1024;

export interface LoadedSdl {
  source: string;
  text: string;
}

export async function loadSdl(source: string, opts: { fetch?: SpecFetch; cwd?: string }): Promise<LoadedSdl | null> {
  const byName = looksLikeSdl(source.replace(/[?#].*$/, ""));
  let text: string;
  let where = source;
  if (isUrl(source)) {
    if (!byName || !opts.fetch) return null;
    const res = await opts.fetch(source).catch((e: unknown) => {
      throw new SpecError(`${source}: could not fetch the GraphQL schema: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (res.status < 200 || res.status > 299) throw new SpecError(`${source}: could not fetch the GraphQL schema: HTTP ${res.status}`);
    text = res.body;
  } else {
    where = path.resolve(opts.cwd ?? process.cwd(), source);
    try {
      text = await readFile(where, "utf8");
    } catch (e) {
      if (!byName) return null; // the OpenAPI loader words this error
      const code = (e as { code?: unknown }).code;
      throw new SpecError(`${source}: cannot read the GraphQL schema: ${code === "ENOENT" ? "file not found" : String(code ?? e)}`);
    }
  }
  if (!byName && !looksLikeSdl(source, text)) return null;
  if (Buffer.byteLength(text) > MAX_SDL_BYTES) throw new SpecError(`${source}: GraphQL schema larger than ${MAX_SDL_BYTES} bytes`);
  try {
    schemaFromSdl(text);
  } catch (e) {
    throw new SpecError(`${source}: ${e instanceof Error ? e.message : String(e)}`);
  }
  return { source: where, text };
}
