// Normalises a Swagger 2.0 document: `in: body` / `in: formData` parameters become the request body,
// parameter fields become a schema, `consumes`/`produces` give media types, host/basePath/schemes the
// servers (see servers.ts) and securityDefinitions the schemes (see security.ts).
import type { HttpMethod, JsonSchema, Operation, Parameter, ParameterLocation, RequestBody, ResponseSpec } from "../core/types.js";
import { BuildContext, isJsonMedia, mergeParameters, METHODS_2, requirements, type Obj } from "./context.js";
import { isObject, setOwn, statusKeyedRecord, toPointer } from "./pointer.js";
import { bodySample, parameterSample } from "./samples.js";

/** Parameter fields of 2.0 that are JSON Schema keywords. */
const SCHEMA_FIELDS = [
  "type", "format", "items", "default", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
  "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "enum", "multipleOf",
] as const;

type Raw = { param: Obj; name: string; in: string };

export function buildSwagger2(ctx: BuildContext, root: Obj): Operation[] {
  const globalSecurity = requirements(root.node.security);
  const globalConsumes = strings(root.node.consumes);
  const globalProduces = strings(root.node.produces);
  const operations: Operation[] = [];
  const paths = ctx.childObj(root, "paths");
  for (const path of paths ? Object.keys(paths.node) : []) {
    if (path.startsWith("x-") || !paths) continue;
    const item = ctx.childObj(paths, path);
    if (!item) continue;
    const pathRaw = rawParameters(ctx, item);
    for (const method of METHODS_2) {
      if (!isObject(item.node[method])) continue;
      const op = ctx.childObj(item, method);
      if (!op) continue;
      const raws = mergeRaw(pathRaw, rawParameters(ctx, op));
      const consumes = op.node.consumes !== undefined ? strings(op.node.consumes) : globalConsumes;
      const produces = op.node.produces !== undefined ? strings(op.node.produces) : globalProduces;
      const plain = raws.filter((r) => r.in !== "body" && r.in !== "formData");
      const operation: Operation = {
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as HttpMethod,
        path,
        tags: Array.isArray(op.node.tags) ? op.node.tags.filter((t): t is string => typeof t === "string") : [],
        deprecated: op.node.deprecated === true,
        parameters: mergeParameters([], plain.map((r) => parameter(ctx, r))),
        requestBody: requestBody(ctx, raws, consumes),
        responses: responses(ctx, op, produces),
        security: op.node.security !== undefined ? requirements(op.node.security) : globalSecurity,
        servers: [],
        pointer: toPointer(["paths", path, method]),
      };
      if (typeof op.node.operationId === "string") operation.operationId = op.node.operationId;
      if (typeof op.node.summary === "string") operation.summary = op.node.summary;
      if (typeof op.node.description === "string") operation.description = op.node.description;
      operations.push(operation);
    }
  }
  return operations;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : [];
}

function rawParameters(ctx: BuildContext, owner: Obj): Raw[] {
  const list = owner.node.parameters;
  if (!Array.isArray(list)) return [];
  const out: Raw[] = [];
  list.forEach((entry, i) => {
    const p = ctx.objAt(entry, owner, ["parameters", String(i)]);
    if (!p) return;
    if (typeof p.node.name !== "string" || typeof p.node.in !== "string") {
      ctx.warn(`parameter at ${ctx.where(p)} has no valid name/in; ignored`);
      return;
    }
    out.push({ param: p, name: p.node.name, in: p.node.in });
  });
  return out;
}

/** Operation parameters override path-item ones with the same name and location (one body at most). */
function mergeRaw(pathLevel: Raw[], opLevel: Raw[]): Raw[] {
  const key = (r: Raw) => (r.in === "body" ? "body" : `${r.in}:${r.in === "header" ? r.name.toLowerCase() : r.name}`);
  const m = new Map<string, Raw>();
  for (const r of pathLevel) m.set(key(r), r);
  for (const r of opLevel) m.set(key(r), r);
  return [...m.values()];
}

/** JSON Schema from a non-body 2.0 parameter (or Items Object). */
function fieldSchema(ctx: BuildContext, p: Obj): JsonSchema {
  const schema: JsonSchema = {};
  for (const f of SCHEMA_FIELDS) if (p.node[f] !== undefined) schema[f] = p.node[f];
  if (schema.type === "file") {
    schema.type = "string";
    schema.format = "binary";
  }
  if (isObject(schema.items)) schema.items = ctx.schema(schema.items, p.doc) ?? {};
  return schema;
}

function parameter(ctx: BuildContext, r: Raw): Parameter {
  const where = (r.in === "path" || r.in === "query" || r.in === "header" ? r.in : "query") as ParameterLocation;
  if (where !== r.in) ctx.warn(`parameter '${r.name}' at ${ctx.where(r.param)} has unknown location '${r.in}'; treated as query`);
  const schema = fieldSchema(ctx, r.param);
  const out: Parameter = {
    name: r.name,
    in: where,
    required: where === "path" ? true : r.param.node.required === true,
    schema,
    sample: parameterSample(r.name, schema, r.param.node["x-example"]),
  };
  if (typeof r.param.node.description === "string") out.description = r.param.node.description;
  return out;
}

function requestBody(ctx: BuildContext, raws: Raw[], consumes: string[]): RequestBody | null {
  const body = raws.find((r) => r.in === "body");
  if (body) {
    const schema = ctx.schema(body.param.node.schema, body.param.doc);
    const contentType = consumes.find(isJsonMedia) ?? consumes[0] ?? "application/json";
    const example = body.param.node["x-example"];
    return { contentType, required: body.param.node.required === true, schema, sample: example ?? bodySample(schema, "request") ?? null };
  }
  const form = raws.filter((r) => r.in === "formData");
  if (form.length === 0) return null;
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  const sample: Record<string, string> = {};
  for (const r of form) {
    const s = fieldSchema(ctx, r.param);
    if (typeof r.param.node.description === "string") s.description = r.param.node.description;
    setOwn(properties, r.name, s);
    if (r.param.node.required === true) required.push(r.name);
    setOwn(sample, r.name, parameterSample(r.name, s, r.param.node["x-example"]));
  }
  const hasFile = form.some((r) => r.param.node.type === "file");
  const multipart = consumes.some((c) => c.toLowerCase().startsWith("multipart/form-data"));
  const urlencoded = consumes.some((c) => c.toLowerCase().startsWith("application/x-www-form-urlencoded"));
  const contentType = hasFile || (multipart && !urlencoded) ? "multipart/form-data" : "application/x-www-form-urlencoded";
  const schema: JsonSchema = { type: "object", properties };
  if (required.length > 0) schema.required = required;
  return { contentType, required: required.length > 0, schema, sample };
}

function responses(ctx: BuildContext, op: Obj, produces: string[]): Record<string, ResponseSpec> {
  const out = statusKeyedRecord<ResponseSpec>();
  const map = ctx.childObj(op, "responses");
  if (!map) return out;
  for (const code of Object.keys(map.node)) {
    if (code.startsWith("x-")) continue;
    const r = ctx.childObj(map, code);
    if (!r) continue;
    const hasSchema = r.node.schema !== undefined;
    const types = hasSchema ? (produces.length > 0 ? produces : ["application/json"]) : [];
    const json = types.some(isJsonMedia);
    const spec: ResponseSpec = { contentTypes: types, schema: hasSchema && json ? ctx.schema(r.node.schema, r.doc) : null };
    if (typeof r.node.description === "string") spec.description = r.node.description;
    setOwn(out, code, spec);
  }
  return out;
}
