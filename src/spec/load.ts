// loadSpec: reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (file or URL, JSON or YAML), resolves its
// `$ref`s under the loader's policy, and normalises it into an ApiModel. Broken documents throw one
// SpecError whose one-line message names the file and the JSON pointer(s) of the problem(s).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { SpecError } from "../core/errors.js";
import type { ApiModel } from "../core/types.js";
import { BuildContext, Located, requirements, type Obj } from "./context.js";
import { loadDocuments, MAX_SPEC_BYTES, tooLarge, type SpecDocument, type SpecFetch } from "./documents.js";
import { buildOpenApi3 } from "./openapi3.js";
import { formatHint, mayHoldRefs, parseText } from "./parse.js";
import { isObject } from "./pointer.js";
import { RefResolver } from "./refs.js";
import type { SpecVersion } from "./schema.js";
import { checkRequirements, securitySchemes } from "./security.js";
import { pathOfServer, swaggerServers } from "./servers.js";
import { buildSwagger2 } from "./swagger2.js";
import { validateRefs } from "./validate-refs.js";
import { harToSketches, isHar } from "./inputs/har.js";
import { isPostmanCollection, postmanToSketches } from "./inputs/postman.js";
import { sketchesToOpenApi } from "./inputs/sketch.js";

function convertInput(value: unknown, postmanVariables?: ReadonlyMap<string, string>): { document: Record<string, unknown>; kind: "postman" | "har" } | null {
  if (!isObject(value) || value.openapi !== undefined || value.swagger !== undefined) return null;
  if (isHar(value)) {
    const har = harToSketches(value);
    return { document: sketchesToOpenApi(har.title, har.sketches), kind: "har" };
  }
  if (isPostmanCollection(value)) {
    const pm = postmanToSketches(value, postmanVariables);
    return { document: sketchesToOpenApi(pm.title, pm.sketches), kind: "postman" };
  }
  return null;
}

export { MAX_SPEC_BYTES } from "./documents.js";
export type { SpecFetch, SpecFetchOptions, SpecFetchResponse } from "./documents.js";

export interface SpecLoadOptions {
  /** The only way URL specs and remote `$ref`s are fetched (the scan's HTTP layer). */
  fetch?: SpecFetch;
  /**
   * Base directory for a relative file path (default: the process's working directory). Local `$ref`s
   * may read files anywhere under it when it contains the spec, else only under the spec's directory.
   */
  cwd?: string;
  /** Fetch same-origin remote `$ref`s of a URL spec through `fetch` (default true). */
  remoteRefs?: boolean;
  /** A Postman environment's values, overriding a collection's own variables (ignored for other inputs). */
  postmanVariables?: ReadonlyMap<string, string>;
}

export async function loadSpec(source: string, opts: SpecLoadOptions = {}): Promise<ApiModel> {
  if (isUrl(source)) {
    if (!opts.fetch) throw new SpecError(`${source}: cannot fetch a URL specification without a fetch function`);
    let res;
    try {
      res = await opts.fetch(source);
    } catch (e) {
      throw new SpecError(`${source}: could not fetch the specification: ${firstLine(e)}`, { cause: e });
    }
    if (res.status < 200 || res.status > 299) throw new SpecError(`${source}: could not fetch the specification: HTTP ${res.status}`);
    if (res.truncated) throw new SpecError(`${source}: specification ${tooLarge()}`);
    return loadSpecText(source, res.body, res.contentType, opts);
  }
  const file = source.startsWith("file:") ? fileURLToPath(source) : path.resolve(opts.cwd ?? process.cwd(), source);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === "ENOENT" ? "file not found" : code === "EISDIR" ? "is a directory" : firstLine(e);
    throw new SpecError(`${source}: cannot read the specification: ${why}`, { cause: e });
  }
  if (Buffer.byteLength(text) > MAX_SPEC_BYTES) throw new SpecError(`${source}: specification ${tooLarge()}`);
  return loadSpecText(file, text, "", opts, source);
}

/**
 * Loads a document whose text is already at hand (discovery fetched it). `source` is a URL or an
 * absolute file path; `name` is how messages call it (default: `source`).
 */
export async function loadSpecText(source: string, text: string, contentType: string, opts: SpecLoadOptions = {}, name = source): Promise<ApiModel> {
  return loadParsedSpec(source, parseText(text, name, formatHint(source, contentType)), opts, name, !mayHoldRefs(text));
}

/**
 * Same as loadSpecText for a document already parsed (JSON/YAML value). `refFree`: its text was seen to
 * hold no `$ref` (mayHoldRefs), so the root document is not crawled for references.
 */
export async function loadParsedSpec(source: string, input: unknown, opts: SpecLoadOptions = {}, name = source, refFree = false): Promise<ApiModel> {
  // Postman collections and HAR files are recognised by shape and converted to an OpenAPI document.
  const converted = convertInput(input, opts.postmanVariables);
  const value = converted?.document ?? input;
  const rootRefFree = refFree && !converted; // a converted document is new: its text was never seen
  const version = detectVersion(value, name);
  const id = isUrl(source) ? stripHash(source) : pathToFileURL(source).href;
  const root: SpecDocument = { id, display: isUrl(source) ? source : path.basename(source), value };

  const set = await loadDocuments(root, { fetch: opts.fetch, remoteRefs: opts.remoteRefs ?? true, cwd: opts.cwd ?? process.cwd(), rootRefFree });
  const resolver = new RefResolver(set);
  const problems = validateRefs(set, resolver);
  const fatal = problems.filter((p) => p.fatal);
  if (fatal.length > 0) {
    const all = [...fatal, ...problems.filter((p) => !p.fatal)];
    const head = fatal.length === 1 ? "" : `${fatal.length} $ref problems: `;
    throw new SpecError(`${name}: ${head}${all.map((p) => p.message).join("; ")}`, {
      pointer: fatal[0]?.pointer ?? null,
      problems: all.map((p) => p.message),
    });
  }

  const ctx = new BuildContext(resolver, version);
  const top: Obj = new Located(value as Record<string, unknown>, root, []);
  const info = isObject(top.node.info) ? top.node.info : {};
  let servers: string[];
  let basePath: string;
  let operations;
  if (version === "2.0") {
    ({ servers, basePath } = swaggerServers(top.node));
    operations = buildSwagger2(ctx, top);
  } else {
    const built = buildOpenApi3(ctx, top);
    servers = built.servers;
    basePath = servers[0] !== undefined ? pathOfServer(servers[0]) : "";
    operations = built.operations;
    if (version === "3.0" && !isObject(top.node.paths)) ctx.warn("OpenAPI 3.0 document has no `paths` object");
  }
  const model: ApiModel = {
    source,
    specVersion: version,
    title: typeof info.title === "string" ? info.title : "",
    version: typeof info.version === "string" || typeof info.version === "number" ? String(info.version) : "",
    servers,
    basePath,
    operations,
    securitySchemes: securitySchemes(ctx, top),
    globalSecurity: requirements(top.node.security),
    warnings: [],
  };
  checkRequirements(ctx, model, operations);
  warnDuplicateOperationIds(ctx, operations);
  model.warnings = [...set.warnings, ...problems.map((p) => p.message), ...ctx.warnings];
  if (converted) model.inputKind = converted.kind;
  return model;
}

function detectVersion(value: unknown, name: string): SpecVersion {
  if (!isObject(value)) throw new SpecError(`${name}: Not an OpenAPI/Swagger document: the top level is not an object`, { pointer: "" });
  if (value.openapi !== undefined) {
    const v = String(value.openapi);
    if (/^3\.0(\.\d+)?$/.test(v) || v === "3") return "3.0";
    if (/^3\.1(\.\d+)?$/.test(v)) return "3.1";
    throw new SpecError(
      `${name}: Unsupported OpenAPI version '${v}' in field \`openapi\` (expected 3.0.x or 3.1.x; Swagger 2.0 documents declare \`swagger: "2.0"\`)`,
      { pointer: "/openapi" },
    );
  }
  if (value.swagger !== undefined) {
    const v = String(value.swagger);
    if (v === "2.0" || v === "2") return "2.0";
    throw new SpecError(`${name}: Unsupported Swagger version '${v}' in field \`swagger\` (expected "2.0")`, { pointer: "/swagger" });
  }
  throw new SpecError(`${name}: Not an OpenAPI/Swagger document: no top-level \`openapi\` or \`swagger\` field${lookalike(value)}`, { pointer: "" });
}

/** A hint for documents often mistaken for OpenAPI. */
function lookalike(value: Record<string, unknown>): string {
  const info = isObject(value.info) ? value.info : {};
  const schema = typeof info.schema === "string" ? info.schema : "";
  if (Array.isArray(value.item) || typeof info._postman_id === "string" || schema.includes("postman")) {
    return " (this looks like a Postman collection; export the API as OpenAPI instead)";
  }
  if (value.asyncapi !== undefined) return " (this is an AsyncAPI document)";
  if (value.$schema !== undefined) return " (this looks like a JSON Schema)";
  return "";
}

function warnDuplicateOperationIds(ctx: BuildContext, ops: ApiModel["operations"]): void {
  const seen = new Map<string, string>();
  for (const op of ops) {
    if (!op.operationId) continue;
    const prev = seen.get(op.operationId);
    if (prev) ctx.warn(`duplicate operationId '${op.operationId}' (${prev} and ${op.key})`);
    else seen.set(op.operationId, op.key);
  }
}

export function isUrl(s: string): boolean {
  return /^https?:\/\//i.test(s);
}

function stripHash(u: string): string {
  const i = u.indexOf("#");
  return i === -1 ? u : u.slice(0, i);
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0] ?? msg;
}
