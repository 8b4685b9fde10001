// JWT toolkit for the authentication checks: parse (never verify), forge probe tokens, crack HMAC secrets.
export { HMAC_ALGS, isExpired, isHmac, jwtFromCredentialValue, lifetimeOf, parseJwt } from "./decode.js";
export type { Lifetime, ParsedJwt } from "./decode.js";
export { forgeAlgNone, forgeExpired, forgeTamperedPayload, NONE_VARIANTS, randomBasic, randomLike, signHmac, TAMPER_CLAIM } from "./forge.js";
export { crackHmac } from "./crack.js";
export type { CrackOptions, CrackResult } from "./crack.js";
export { algNoneRecipe, keyConfusionRecipe, tamperedRecipe } from "./recipes.js";
export { ASYMMETRIC_ALG, confusionSecrets, forgeEmbeddedJwk, forgeKeyConfusion, forgeKid, jkuKey, keyFromPem, keysFromJwks, KID_INJECTIONS } from "./keys.js";
export type { PublicKey, ServedKey } from "./keys.js";
export { x5uKey } from "./x5u.js";
