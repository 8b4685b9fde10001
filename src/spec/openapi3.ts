// Normalises an OpenAPI 3.0 / 3.1 document into operations. Webhooks and callbacks are not operations.
import type { HttpMethod, Operation, Parameter, ParameterLocation, RequestBody, ResponseSpec } from "../core/types.js";
import { BuildContext, isJsonMedia, mergeParameters, METHODS_3, pickMediaType, requirements, type Obj } from "./context.js";
import { escapeToken, isObject, setOwn, statusKeyedRecord } from "./pointer.js";
import { bodySample, parameterSample } from "./samples.js";
import { serverUrl } from "./servers.js";

const LOCATIONS = new Set<ParameterLocation>(["path", "query", "header", "cookie"]);
const UPPER_3 = METHODS_3.map((m) => m.toUpperCase() as HttpMethod);

export interface Built3 {
  servers: string[];
  operations: Operation[];
}

export function buildOpenApi3(ctx: BuildContext, root: Obj): Built3 {
  const globalSecurity = requirements(root.node.security);
  const operations: Operation[] = [];
  const paths = ctx.childObj(root, "paths");
  for (const path of paths ? Object.keys(paths.node) : []) {
    if (path.startsWith("x-") || !paths) continue;
    const item = ctx.childObj(paths, path);
    if (!item) continue;
    const pathParams = parameters(ctx, item);
    const pathServers = servers(item.node.servers);
    for (let m = 0; m < METHODS_3.length; m++) {
      const method = METHODS_3[m]!;
      if (!isObject(item.node[method])) continue;
      const op = ctx.childObj(item, method);
      if (!op) continue;
      const opServers = servers(op.node.servers);
      const upper = UPPER_3[m]!;
      operations.push({
        key: `${upper} ${path}`,
        method: upper,
        path,
        ...text(op.node),
        tags: Array.isArray(op.node.tags) ? op.node.tags.filter((t): t is string => typeof t === "string") : [],
        deprecated: op.node.deprecated === true,
        parameters: mergeParameters(pathParams, parameters(ctx, op)),
        requestBody: requestBody(ctx, op),
        responses: responses(ctx, op),
        security: op.node.security !== undefined ? requirements(op.node.security) : globalSecurity,
        servers: opServers.length > 0 ? opServers : pathServers,
        pointer: `/paths/${escapeToken(path)}/${method}`, // toPointer(["paths", path, method])
      });
    }
  }
  return { servers: servers(root.node.servers), operations };
}

function text(node: Record<string, unknown>): Pick<Operation, "operationId" | "summary" | "description"> {
  const out: Pick<Operation, "operationId" | "summary" | "description"> = {};
  if (typeof node.operationId === "string") out.operationId = node.operationId;
  if (typeof node.summary === "string") out.summary = node.summary;
  if (typeof node.description === "string") out.description = node.description;
  return out;
}

function servers(raw: unknown): string[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObject).map(serverUrl).filter((u): u is string => u !== null);
}

function parameters(ctx: BuildContext, owner: Obj): Parameter[] {
  const raw = owner.node.parameters;
  if (!Array.isArray(raw)) return [];
  const out: Parameter[] = [];
  for (let i = 0; i < raw.length; i++) {
    const p = ctx.objAt(raw[i], owner, ["parameters", String(i)]);
    if (!p) continue;
    const name = p.node.name;
    const where = p.node.in;
    if (typeof name !== "string" || typeof where !== "string" || !LOCATIONS.has(where as ParameterLocation)) {
      ctx.warn(`parameter at ${ctx.where(p)} has no valid name/in; ignored`);
      continue;
    }
    let schema = p.node.schema !== undefined ? ctx.schema(p.node.schema, p.doc) : null;
    let example = exampleOf(ctx, p);
    if (!schema && isObject(p.node.content)) {
      const media = ctx.childObj(p, "content");
      const type = media ? pickMediaType(Object.keys(media.node)) : undefined;
      const m = media && type ? ctx.childObj(media, type) : null;
      if (m) {
        schema = ctx.schema(m.node.schema, m.doc);
        example ??= exampleOf(ctx, m);
      }
    }
    const param: Parameter = {
      name,
      in: where as ParameterLocation,
      required: where === "path" ? true : p.node.required === true,
      schema,
      sample: parameterSample(name, schema, example),
    };
    if (typeof p.node.description === "string") param.description = p.node.description;
    out.push(param);
  }
  return out;
}

/** `example`, else the value of the first `examples` entry (Example Objects may be `$ref`s). */
function exampleOf(ctx: BuildContext, o: Obj): unknown {
  if (o.node.example !== undefined && o.node.example !== null) return o.node.example;
  if (!isObject(o.node.examples)) return undefined;
  const map = ctx.childObj(o, "examples");
  const first = map ? Object.keys(map.node)[0] : undefined;
  const ex = map && first !== undefined ? ctx.childObj(map, first) : null;
  if (ex && ex.node.value !== undefined) return ex.node.value;
  return undefined;
}

function requestBody(ctx: BuildContext, op: Obj): RequestBody | null {
  const rb = ctx.childObj(op, "requestBody");
  if (!rb) return null;
  const content = ctx.childObj(rb, "content");
  const types = content ? Object.keys(content.node) : [];
  const type = pickMediaType(types);
  const media = content && type ? ctx.childObj(content, type) : null;
  const schema = media ? ctx.schema(media.node.schema, media.doc) : null;
  const example = media ? exampleOf(ctx, media) : undefined;
  return {
    contentType: type ?? "application/octet-stream",
    required: rb.node.required === true,
    schema,
    sample: example !== undefined ? example : bodySample(schema, "request") ?? null,
  };
}

function responses(ctx: BuildContext, op: Obj): Record<string, ResponseSpec> {
  const out = statusKeyedRecord<ResponseSpec>();
  const map = ctx.childObj(op, "responses");
  if (!map) return out;
  for (const code of Object.keys(map.node)) {
    if (code.startsWith("x-")) continue;
    const r = ctx.childObj(map, code);
    if (!r) continue;
    const content = ctx.childObj(r, "content");
    const types = content ? Object.keys(content.node) : [];
    const jsonType = types.find(isJsonMedia);
    const media = content && jsonType ? ctx.childObj(content, jsonType) : null;
    const spec: ResponseSpec = { contentTypes: types, schema: media ? ctx.schema(media.node.schema, media.doc) : null };
    if (typeof r.node.description === "string") spec.description = r.node.description;
    setOwn(out, code, spec);
  }
  return out;
}
