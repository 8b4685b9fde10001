// A plain endpoint list (`--endpoints file`): one `METHOD /path` per line, `#` comments and blank lines
// ignored. `:name` and `{name}` segments are path parameters; concrete ids are templated like HAR paths.
import { InputError } from "../../core/errors.js";
import { templatePath, type OperationSketch } from "./sketch.js";

const METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "POST", "PUT", "PATCH", "DELETE"]);

export function endpointsToSketches(text: string, source: string): OperationSketch[] {
  const out: OperationSketch[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/(^|\s)#.*$/, "").trim();
    if (!line) return;
    const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(line);
    const method = m?.[1]?.toUpperCase() ?? "";
    if (!m?.[2] || !METHODS.has(method)) {
      throw new InputError(`${source} line ${index + 1}: expected 'METHOD /path' (e.g. GET /users/{id}), got ${JSON.stringify(line.slice(0, 80))}`);
    }
    const [pathOnly = "/", qs = ""] = m[2].split("?");
    const named = pathOnly.replace(/\/:([A-Za-z_][A-Za-z0-9_]*)/g, "/{$1}");
    const { path, params } = templatePath(named);
    out.push({
      method,
      path,
      pathParams: params,
      query: [...new URLSearchParams(qs)].map(([name, example]) => ({ name, example })),
      headers: [],
      body: null,
    });
  });
  if (!out.length) throw new InputError(`${source}: no endpoints (expected lines like 'GET /users')`);
  return out;
}
