// Inputs besides OpenAPI (Postman collections, HAR files, endpoint lists) are turned into a small
// OpenAPI 3.0 document, so one loader, one normaliser and one sample generator serve every input.
import { SECRET_NAME } from "./secret-names.js";

export interface ParamSketch {
  name: string;
  example?: string;
}

export type AuthSketch = { type: "bearer" } | { type: "basic" } | { type: "apiKey"; in: "header" | "query" | "cookie"; name: string } | { type: "none" };

export interface OperationSketch {
  method: string;
  /** Template with `{name}` parameters, relative to the API base. */
  path: string;
  summary?: string;
  pathParams: ParamSketch[];
  query: ParamSketch[];
  headers: ParamSketch[];
  body: { contentType: string; example: unknown } | null;
  /** undefined: nothing said; `none`: explicitly public. */
  auth?: AuthSketch;
  /** Response statuses seen or declared, with a content type. */
  responses?: Record<string, string | null>;
}

/** Headers that never become parameters: transport ones and credentials. */
const SKIPPED_HEADERS = /^(?:host|content-length|content-type|accept-encoding|connection|cookie|authorization|user-agent|origin|referer|accept-language|sec-.*|:.*|proxy-.*|x-api-key|x-auth-token|x-csrf-token|x-xsrf-token)$/i;

export function keepHeader(name: string): boolean {
  return !SKIPPED_HEADERS.test(name) && !SECRET_NAME.test(name);
}

/** Secret-named fields in a sample are replaced, so a token in a collection or HAR never reaches a report. */
export function redactSample(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSample);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_NAME.test(k) && (typeof v === "string" || typeof v === "number") ? "redacted" : redactSample(v)]),
    );
  }
  return value;
}

function schemeName(a: AuthSketch): string | null {
  if (a.type === "none") return null;
  return a.type === "apiKey" ? `apiKey_${a.in}_${a.name}` : a.type;
}

function schemeObject(a: AuthSketch): Record<string, unknown> {
  if (a.type === "bearer") return { type: "http", scheme: "bearer" };
  if (a.type === "basic") return { type: "http", scheme: "basic" };
  if (a.type === "apiKey") return { type: "apiKey", in: a.in, name: a.name };
  return {};
}

/** Path parameters named in a template but not listed get a parameter anyway (OpenAPI requires it). */
function pathParams(op: OperationSketch): ParamSketch[] {
  const named = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
  return named.map((n) => op.pathParams.find((p) => p.name === n) ?? { name: n });
}

function param(p: ParamSketch, where: string): Record<string, unknown> {
  return {
    name: p.name,
    in: where,
    required: where === "path",
    schema: { type: "string" },
    ...(p.example !== undefined && p.example !== "" ? { example: p.example } : {}),
  };
}

/** Same method and path template → one operation (the first sample wins, parameters are unioned). */
export function mergeSketches(ops: readonly OperationSketch[]): OperationSketch[] {
  const byKey = new Map<string, OperationSketch>();
  for (const op of ops) {
    const key = `${op.method.toUpperCase()} ${op.path}`;
    const prev = byKey.get(key);
    if (!prev) {
      byKey.set(key, { ...op, method: op.method.toUpperCase(), query: [...op.query], headers: [...op.headers], responses: { ...op.responses } });
      continue;
    }
    for (const q of op.query) if (!prev.query.some((x) => x.name === q.name)) prev.query.push(q);
    for (const h of op.headers) if (!prev.headers.some((x) => x.name.toLowerCase() === h.name.toLowerCase())) prev.headers.push(h);
    prev.body ??= op.body;
    prev.auth ??= op.auth;
    prev.responses = { ...op.responses, ...prev.responses };
  }
  return [...byKey.values()];
}

export function sketchesToOpenApi(title: string, sketches: readonly OperationSketch[], basePath = ""): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemes: Record<string, unknown> = {};
  for (const op of mergeSketches(sketches)) {
    const item = (paths[op.path] ??= {});
    const responses: Record<string, unknown> = {};
    for (const [status, type] of Object.entries(op.responses ?? {})) {
      responses[status] = { description: `HTTP ${status}`, ...(type ? { content: { [type]: {} } } : {}) };
    }
    if (!Object.keys(responses).length) responses["default"] = { description: "response" };
    const operation: Record<string, unknown> = {
      ...(op.summary ? { summary: op.summary } : {}),
      parameters: [
        ...pathParams(op).map((p) => param(p, "path")),
        ...op.query.map((p) => param(p, "query")),
        ...op.headers.filter((h) => keepHeader(h.name)).map((p) => param(p, "header")),
      ],
      responses,
    };
    if (op.body) {
      operation.requestBody = { content: { [op.body.contentType]: { example: redactSample(op.body.example) } } };
    }
    if (op.auth) {
      const name = schemeName(op.auth);
      if (name) {
        schemes[name] = schemeObject(op.auth);
        operation.security = [{ [name]: [] }];
      } else operation.security = [];
    }
    item[op.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.0.3",
    info: { title, version: "from input" },
    ...(basePath ? { servers: [{ url: basePath }] } : {}),
    paths,
    ...(Object.keys(schemes).length ? { components: { securitySchemes: schemes } } : {}),
  };
}

/** `/users/42/orders/9f1c…` → `/users/{userId}/orders/{orderId}`: concrete ids become parameters. */
export function templatePath(path: string): { path: string; params: ParamSketch[] } {
  const params: ParamSketch[] = [];
  const segments = path.split("/").map((seg, i, all) => {
    if (!isIdLike(seg)) return seg;
    const prev = (all[i - 1] ?? "").replace(/[^A-Za-z0-9]/g, "");
    let name = prev ? `${singular(prev)}Id` : "id";
    while (params.some((p) => p.name === name)) name = `${name}2`;
    params.push({ name, example: decodeSafe(seg) });
    return `{${name}}`;
  });
  return { path: segments.join("/") || "/", params };
}

function isIdLike(seg: string): boolean {
  return (
    /^\d+$/.test(seg) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(seg) ||
    /^[0-9a-f]{16,}$/i.test(seg) ||
    (/^[A-Za-z0-9_-]{10,}$/.test(seg) && /\d/.test(seg) && /[A-Za-z]/.test(seg))
  );
}

function singular(word: string): string {
  return word.endsWith("ies") ? `${word.slice(0, -3)}y` : word.endsWith("s") && !word.endsWith("ss") ? word.slice(0, -1) : word;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
