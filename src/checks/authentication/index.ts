// Registry of the authentication checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import unauthenticatedAccess from "./unauthenticated-access.js";

export const authenticationChecks: Check[] = [unauthenticatedAccess];
