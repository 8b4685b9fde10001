// Security schemes (3.x components.securitySchemes, 2.0 securityDefinitions) in one shape; 2.0
// `type: basic` becomes `{ type: "http", scheme: "basic" }` so callers handle one form.
import type { ApiModel, Operation, SecurityScheme } from "../core/types.js";
import type { BuildContext, Obj } from "./context.js";
import { setOwn } from "./pointer.js";

export function securitySchemes(ctx: BuildContext, root: Obj): Record<string, SecurityScheme> {
  const out: Record<string, SecurityScheme> = {};
  const container = ctx.version === "2.0" ? root : ctx.childObj(root, "components");
  const map = container ? ctx.childObj(container, ctx.version === "2.0" ? "securityDefinitions" : "securitySchemes") : null;
  if (!map) return out;
  for (const name of Object.keys(map.node)) {
    if (ctx.version !== "2.0" && name.startsWith("x-")) continue;
    const s = ctx.childObj(map, name);
    if (!s || typeof s.node.type !== "string") continue;
    setOwn(out, name, scheme(s.node));
  }
  return out;
}

function scheme(node: Record<string, unknown>): SecurityScheme {
  const type = node.type as string;
  if (type === "basic") return { type: "http", scheme: "basic" };
  const out: SecurityScheme = { type };
  if (typeof node.scheme === "string") out.scheme = node.scheme.toLowerCase();
  if (node.in === "header" || node.in === "query" || node.in === "cookie") out.in = node.in;
  if (typeof node.name === "string") out.name = node.name;
  if (typeof node.bearerFormat === "string") out.bearerFormat = node.bearerFormat;
  return out;
}

/** Warns once per requirement that names a scheme the document does not declare. */
export function checkRequirements(ctx: BuildContext, model: Pick<ApiModel, "securitySchemes" | "globalSecurity">, ops: Operation[]): void {
  const undeclared = new Set<string>();
  const scan = (reqs: Operation["security"]) => {
    for (const req of reqs ?? []) for (const name of Object.keys(req)) if (!model.securitySchemes[name]) undeclared.add(name);
  };
  scan(model.globalSecurity);
  // Operations without requirements of their own share one list (the builder's global one): each list once.
  let last: Operation["security"] | undefined;
  for (const op of ops) {
    if (op.security === last) continue;
    last = op.security;
    scan(op.security);
  }
  for (const name of undeclared) ctx.warn(`security requirement names undeclared scheme '${name}'`);
}
