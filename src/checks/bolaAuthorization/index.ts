// Registry of the bolaAuthorization checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import adjacentObjectAccess from "./adjacent-object-access.js";
import crossIdentityAccess from "./cross-identity-access.js";
import crossIdentityWrite from "./cross-identity-write.js";
import idTraversal from "./id-traversal.js";
import predictableIds from "./predictable-ids.js";
import unauthenticatedObjectAccess from "./unauthenticated-object-access.js";
import graphqlObjectAccess from "./graphql-object-access.js";

export const bolaAuthorizationChecks: Check[] = [graphqlObjectAccess, adjacentObjectAccess, crossIdentityAccess, crossIdentityWrite, idTraversal, predictableIds, unauthenticatedObjectAccess];
