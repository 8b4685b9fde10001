// Public surface of the HTTP layer.
export { createHttpClient, normalizeUserAgent, MAX_REDIRECTS } from "./client.js";
export type { HttpClientConfig, HttpStats, RecordingHttpClient } from "./client.js";
export { AUTH_FORMS, attachCredentials, parseAuth, wireValue } from "./credentials.js";
export type { Env } from "./credentials.js";
export { curlFor, shellWord } from "./curl.js";
export { realClock, RateLimiter, Semaphore } from "./limits.js";
export type { Clock } from "./limits.js";
export {
  isIncluded,
  methodRefusal,
  operationSkipReason,
  scopeRefusal,
  unsafeOperationMatcher,
  unsafeOperationReason,
  unsafePathReason,
} from "./policy.js";
export type { UnsafeOperationMatcher } from "./policy.js";
export { placeholderFor, redactHeaders, redactKnownSecrets, secretsOf } from "./redact.js";
export type { Secret } from "./redact.js";
export { STATE_CHANGING_WORDS } from "./state-changing-words.js";
