import { defineCheck } from "../../core/check.js";
import { isPrivilegeField } from "../../patterns/field-names.js";
import { parseJsonBody, perWalk, walkJson } from "../../patterns/text.js";
import { operationKey, operationOf, scannableBody, within } from "../dataExposure/_exchange.js";
import { bflaRefs } from "./_refs.js";

const MAX_FIELDS = 5;

const NONE_FOUND: ReadonlyMap<string, string> = new Map();

/** Privilege fields (→ value, cut to 40 characters) in a body's leaves, at most MAX_FIELDS; judged once per walked body. */
const privilegeFields = perWalk((leaves): ReadonlyMap<string, string> => {
  let found: Map<string, string> | null = null;
  for (const leaf of leaves) {
    if (!leaf.key || leaf.value === null || found?.has(leaf.key) || !isPrivilegeField(leaf.key)) continue;
    (found ??= new Map()).set(leaf.key, String(leaf.value).slice(0, 40));
    if (found.size >= MAX_FIELDS) break;
  }
  return found ?? NONE_FOUND;
});

export default defineCheck({
  meta: {
    id: "bflaAuthorization.role-field-exposed",
    title: "Role and permission fields in responses",
    category: "bflaAuthorization",
    severity: "low",
    how: "passive",
    description:
      "Responses carry authorization state — role, permissions, isAdmin, scope, groups — of users. It maps the privilege model for an attacker (which roles exist, who holds them) and hints at fields worth trying in mass-assignment and function-level attacks.",
    references: bflaRefs([213, 269]),
    remediation: {
      summary: "Return authorization state only to the user it describes (or administrators), and never let clients set it.",
      steps: ["Drop role/permission fields from general-purpose response models.", "Decide capabilities server-side; if the UI needs them, expose a per-caller capability list, not other users' roles."],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    if (!scannableBody(ex) || !ex.response) return;
    const json = parseJsonBody(ex.response);
    if (!json || typeof json.value !== "object" || json.value === null) return;
    const found = privilegeFields(walkJson(json.value, 20_000, 16));
    if (found.size === 0 || !within(ctx, operationKey(ex), 1)) return;
    ctx.shared.set("applicable:bflaAuthorization", true);
    ctx.report({
      confidence: "confirmed",
      operation: operationOf(ex),
      evidence: [{ exchange: ex, excerpt: [...found].map(([k, v]) => `${k}: ${v}`).join(", ") }],
    });
  },
});
