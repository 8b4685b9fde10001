// Registry of the bflaAuthorization checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import adminEndpointExposed from "./admin-endpoint-exposed.js";
import roleEscalation from "./role-escalation.js";
import roleFieldExposed from "./role-field-exposed.js";

export const bflaAuthorizationChecks: Check[] = [adminEndpointExposed, roleEscalation, roleFieldExposed];
