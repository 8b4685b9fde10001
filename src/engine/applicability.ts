// Which categories had something to test (REPORT.md: a category with nothing to test drops out).
import type { ApiModel, CategoryId, Operation } from "../core/types.js";

const ID_PARAM = /(^id$|_id$|Id$|^uuid$|^slug$)/;
const URL_PARAM = /(url|uri|callback|webhook|redirect|next|image|feed|dest|target|return)/i;
const ADMIN_WORD = /(admin|internal|manage|management|staff|superuser|root)/i;

/** Always testable when the target answers HTTP at all. */
const ALWAYS: CategoryId[] = ["authentication", "encryption", "dataExposure", "inputValidation", "rateLimiting", "inventoryManagement"];

function hasIdParam(op: Operation): boolean {
  return op.parameters.some((p) => p.in === "path" && ID_PARAM.test(p.name)) || /\{[^}]*id[^}]*\}/i.test(op.path);
}

export function applicableCategories(api: ApiModel | null, operations: readonly Operation[], shared: ReadonlyMap<string, unknown>): Set<CategoryId> {
  const set = new Set<CategoryId>(ALWAYS);
  if (operations.some(hasIdParam)) set.add("bolaAuthorization");
  if (operations.some((op) => ADMIN_WORD.test(op.path) || op.tags.some((t) => ADMIN_WORD.test(t)) || ADMIN_WORD.test(op.operationId ?? "")))
    set.add("bflaAuthorization");
  if (api && operations.length > 0) set.add("propertyAuthorization");
  if (operations.some((op) => op.parameters.some((p) => URL_PARAM.test(p.name)))) {
    set.add("ssrf");
    set.add("unsafeConsumption");
  }
  // Checks may declare applicability they discovered at runtime (e.g. an AI endpoint found).
  for (const [key, value] of shared) {
    if (key.startsWith("applicable:") && value === true) set.add(key.slice("applicable:".length) as CategoryId);
  }
  return set;
}
