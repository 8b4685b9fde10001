// What a refusal looks like when it comes as a 2xx: an error envelope (`{"error":"missing token"}`), a
// short "unauthorized" text, or a login page. Data for the shared "is this data?" judgement.

/** Keys of error and status envelopes: a body made only of these (null values aside) carries no data. */
export const ENVELOPE_KEYS: ReadonlySet<string> = new Set([
  "error", "errors", "err", "error_description", "errordescription", "errorcode", "error_code", "fault",
  "message", "msg", "detail", "details", "description", "reason", "title", "type", "code", "status",
  "statuscode", "status_code", "success", "ok", "result", "path", "timestamp", "instance", "requestid",
  "request_id", "traceid", "trace_id", "help", "documentation_url", "hint", "data",
]);

/** Keys whose truthy presence alone says "this is an error answer". */
export const ERROR_KEYS: ReadonlySet<string> = new Set(["error", "errors", "err", "error_description", "errorcode", "error_code", "fault"]);

/** Refusal wording of authentication and authorization layers (English; matched case-insensitively). */
export const REFUSAL_TEXT =
  /\b(?:unauthori[sz]ed|unauthenticated|not authenticated|authentication (?:required|failed|is required)|login required|please (?:log|sign) ?in|(?:missing|invalid|expired|bad|malformed|no) (?:auth(?:entication|orization)? )?(?:token|credentials?|api[ _-]?key|session|bearer|signature|jwt)|(?:token|credentials?|api[ _-]?key|session|jwt) (?:is |are )?(?:missing|invalid|expired|required|not (?:valid|provided|found))|access (?:denied|forbidden)|permission denied|forbidden|not (?:allowed|permitted)|insufficient (?:scope|permissions?|privileges?))\b/i;

/** A login page: a password field, or a form with sign-in wording. */
export const LOGIN_PAGE = [/<input[^>]+type=["']?password/i, /<form[^>]*>[\s\S]{0,4000}?\b(?:log ?in|sign ?in)\b/i, /<title>[^<]{0,80}\b(?:log ?in|sign ?in)\b/i];

/** Plain-text refusals are short; a long text that mentions "forbidden" is content, not a refusal. */
export const MAX_REFUSAL_TEXT = 512;
