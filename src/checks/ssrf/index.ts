// Registry of the ssrf checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import urlParameter from "./url-parameter.js";

export const ssrfChecks: Check[] = [urlParameter];
