// Registry of the unsafeConsumption checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import openRedirect from "./open-redirect.js";

export const unsafeConsumptionChecks: Check[] = [openRedirect];
