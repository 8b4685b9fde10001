// Registry of the inventoryManagement checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import docsExposed from "./docs-exposed.js";
import serverFingerprint from "./server-fingerprint.js";

export const inventoryManagementChecks: Check[] = [docsExposed, serverFingerprint];
