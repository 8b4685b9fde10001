// Registry of the authentication checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import bruteForceUnlimited from "./brute-force-unlimited.js";
import credentialsInUrl from "./credentials-in-url.js";
import invalidCredentialsAccepted from "./invalid-credentials-accepted.js";
import jwtAlgNone from "./jwt-alg-none.js";
import jwtExpiredAccepted from "./jwt-expired-accepted.js";
import jwtHeaderKeyInjection from "./jwt-header-key-injection.js";
import jwtKeyConfusion from "./jwt-key-confusion.js";
import jwtNoExpiry from "./jwt-no-expiry.js";
import jwtSensitiveClaims from "./jwt-sensitive-claims.js";
import jwtSignatureNotVerified from "./jwt-signature-not-verified.js";
import jwtWeakSecret from "./jwt-weak-secret.js";
import methodBypass from "./method-bypass.js";
import schemeUndefined from "./scheme-undefined.js";
import unauthenticatedAccess from "./unauthenticated-access.js";
import unauthenticatedWrite from "./unauthenticated-write.js";
import userEnumeration from "./user-enumeration.js";
import wwwAuthenticateMissing from "./www-authenticate-missing.js";
import graphqlUnauthenticatedQuery from "./graphql-unauthenticated-query.js";

export const authenticationChecks: Check[] = [
  graphqlUnauthenticatedQuery,
  bruteForceUnlimited,
  credentialsInUrl,
  invalidCredentialsAccepted,
  jwtAlgNone,
  jwtExpiredAccepted,
  jwtHeaderKeyInjection,
  jwtKeyConfusion,
  jwtNoExpiry,
  jwtSensitiveClaims,
  jwtSignatureNotVerified,
  jwtWeakSecret,
  methodBypass,
  schemeUndefined,
  unauthenticatedAccess,
  unauthenticatedWrite,
  userEnumeration,
  wwwAuthenticateMissing,
];
