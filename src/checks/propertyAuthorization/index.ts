// Registry of the propertyAuthorization checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import massAssignmentConfirmed from "./mass-assignment-confirmed.js";
import massAssignmentSurface from "./mass-assignment-surface.js";
import sensitiveProperties from "./sensitive-properties.js";
import undocumentedProperties from "./undocumented-properties.js";

export const propertyAuthorizationChecks: Check[] = [massAssignmentConfirmed, massAssignmentSurface, sensitiveProperties, undocumentedProperties];
