// Turns zod issues and YAML errors into one-line messages that name the file, the key path and the problem.
import type { z } from "zod";
import { InputError } from "../core/errors.js";

function pathText(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export function issueText(issue: z.core.$ZodIssue): string {
  const at = pathText(issue.path);
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => `'${k}'`).join(", ");
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${keys}${at ? ` in ${at}` : ""}`;
  }
  return `${at ? `${at}: ` : ""}${issue.message}`;
}

/** One InputError for a failed parse: the first three problems, each naming its key. */
export function configError(source: string, issues: readonly z.core.$ZodIssue[]): InputError {
  const shown = issues.slice(0, 3).map(issueText);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : "";
  return new InputError(`${source}: ${shown.join("; ")}${more}`);
}
