// Registry of the bolaAuthorization checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";

export const bolaAuthorizationChecks: Check[] = [];
