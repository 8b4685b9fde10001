import { defineCheck } from "../../core/check.js";
import { sensitiveFieldKind } from "../../patterns/field-names.js";
import { parseJsonBody, perWalk, walkJson, type JsonLeaf } from "../../patterns/text.js";
import { operationKey, operationOf, scannableBody, within } from "../dataExposure/_exchange.js";
import { propertyRefs } from "./_refs.js";

const MAX_NAMES = 5;

/** Operations that hand out the caller's own tokens by design (login, token, session endpoints). */
const AUTH_ENDPOINT = /\/(?:login|logon|signin|sign-in|token|tokens|oauth2?|auth|authenticate|session|sessions|refresh|register|signup|sign-up)(?:\/|$)/i;
const ISSUED_TOKEN_KINDS = new Set(["access token", "refresh token", "session token", "auth token"]);

/** Values that are already masked (`****`, `***-**-1234`, `xxxx1234`) or empty; flags only when set. */
function masked(value: string | number | boolean | null, kind: string): boolean {
  if (value === null) return true;
  if (typeof value === "boolean") return !(value && kind === "internal flag");
  const s = String(value).trim();
  return s === "" || /^[*xX•#_.\s-]*[0-9A-Za-z]{0,4}$/.test(s) && /[*xX•#]{3}/.test(s);
}

const NONE_FOUND: ReadonlyMap<string, string> = new Map();

/** Sensitive property names (→ kind) with unmasked values in a body's leaves, at most MAX_NAMES. */
function findSensitiveNames(leaves: readonly JsonLeaf[], authEndpoint: boolean): ReadonlyMap<string, string> {
  let found: Map<string, string> | null = null;
  for (const leaf of leaves) {
    if (!leaf.key || found?.has(leaf.key)) continue;
    const kind = sensitiveFieldKind(leaf.key);
    if (!kind || masked(leaf.value, kind) || (authEndpoint && ISSUED_TOKEN_KINDS.has(kind))) continue;
    (found ??= new Map()).set(leaf.key, kind);
    if (found.size >= MAX_NAMES) break;
  }
  return found ?? NONE_FOUND;
}

// Judged once per walked body, apart for login endpoints (whose issued tokens are not a leak).
const sensitiveNamesElsewhere = perWalk((leaves) => findSensitiveNames(leaves, false));
const sensitiveNamesAtAuth = perWalk((leaves) => findSensitiveNames(leaves, true));

export default defineCheck({
  meta: {
    id: "propertyAuthorization.sensitive-properties",
    title: "Sensitive properties in responses",
    category: "propertyAuthorization",
    severity: "high",
    how: "passive",
    description:
      "Responses carry properties whose names say they must never reach a client — password, password hash, salt, secret, API key, private key, tokens, SSN, card number/CVV, internal flags and notes — with non-empty, unmasked values. Values are never copied into the report.",
    references: propertyRefs([213, 200, 359]),
    remediation: {
      summary: "Remove secret and internal properties from response models; return masked forms where a client needs a hint.",
      steps: [
        "Use explicit response models (allow-lists) so that new columns are not exposed by default.",
        "Never serialise credential material (passwords, hashes, keys, tokens of other principals).",
        "Mask identifiers clients only need to recognise (last four digits of an SSN or card).",
      ],
    },
    milestone: 1,
  },
  analyze(ex, ctx) {
    if (!scannableBody(ex) || !ex.response) return;
    const json = parseJsonBody(ex.response);
    if (!json || typeof json.value !== "object" || json.value === null) return;
    const authEndpoint = AUTH_ENDPOINT.test(operationOf(ex).path);
    const found = (authEndpoint ? sensitiveNamesAtAuth : sensitiveNamesElsewhere)(walkJson(json.value, 20_000, 16));
    if (found.size === 0 || !within(ctx, operationKey(ex), 1)) return;
    ctx.report({
      confidence: "confirmed",
      operation: operationOf(ex),
      sensitiveData: [...found.values()].some((k) => /SSN|card/.test(k)),
      evidence: [{ exchange: ex, excerpt: `properties ${[...found].map(([k, kind]) => `${k} (${kind})`).join(", ")} with values (redacted)` }],
    });
  },
});
