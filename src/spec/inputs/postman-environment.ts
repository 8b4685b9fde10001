// Postman environment files (`*.postman_environment.json`): the values a collection's `{{variables}}` take
// in one environment (staging ids, base paths). They override the collection's own `variable` list, as in
// Postman. Disabled entries are skipped; secret-named values are kept out of the model by the collection
// reader, which never substitutes them.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../../core/errors.js";

export type PostmanVariables = ReadonlyMap<string, string>;

function shapeError(file: string, why: string): InputError {
  return new InputError(`--postman-env ${file}: ${why} (expected a Postman environment export with a "values" list)`);
}

export function parsePostmanEnvironment(text: string, file: string): PostmanVariables {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw shapeError(file, "not JSON");
  }
  const values = typeof value === "object" && value !== null ? (value as { values?: unknown }).values : undefined;
  if (!Array.isArray(values)) throw shapeError(file, 'no "values" list');
  const out = new Map<string, string>();
  for (const entry of values) {
    if (typeof entry !== "object" || entry === null) continue;
    const { key, value: v, enabled } = entry as { key?: unknown; value?: unknown; enabled?: unknown };
    if (typeof key !== "string" || !key || enabled === false) continue;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out.set(key, String(v));
  }
  return out;
}

export async function loadPostmanEnvironment(file: string, cwd: string = process.cwd()): Promise<PostmanVariables> {
  let text: string;
  try {
    text = await readFile(path.resolve(cwd, file), "utf8");
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new InputError(`--postman-env ${file}: ${code === "ENOENT" ? "file not found" : "cannot be read"}`);
  }
  return parsePostmanEnvironment(text, file);
}
