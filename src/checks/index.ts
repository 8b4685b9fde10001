// The registry: every check the engine may run, derived from one explicit list per category.
import type { Check } from "../core/check.js";
import { authenticationChecks } from "./authentication/index.js";
import { bflaAuthorizationChecks } from "./bflaAuthorization/index.js";
import { bolaAuthorizationChecks } from "./bolaAuthorization/index.js";
import { dataExposureChecks } from "./dataExposure/index.js";
import { encryptionChecks } from "./encryption/index.js";
import { inputValidationChecks } from "./inputValidation/index.js";
import { inventoryManagementChecks } from "./inventoryManagement/index.js";
import { llmSecurityChecks } from "./llmSecurity/index.js";
import { propertyAuthorizationChecks } from "./propertyAuthorization/index.js";
import { rateLimitingChecks } from "./rateLimiting/index.js";
import { ssrfChecks } from "./ssrf/index.js";
import { unsafeConsumptionChecks } from "./unsafeConsumption/index.js";

export const checks: readonly Check[] = [
  ...authenticationChecks,
  ...bflaAuthorizationChecks,
  ...bolaAuthorizationChecks,
  ...dataExposureChecks,
  ...encryptionChecks,
  ...inputValidationChecks,
  ...inventoryManagementChecks,
  ...llmSecurityChecks,
  ...propertyAuthorizationChecks,
  ...rateLimitingChecks,
  ...ssrfChecks,
  ...unsafeConsumptionChecks,
].sort((a, b) => a.meta.id.localeCompare(b.meta.id));

export function findCheck(id: string): Check | undefined {
  return checks.find((c) => c.meta.id === id);
}
