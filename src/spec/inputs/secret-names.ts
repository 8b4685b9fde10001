// Names of fields, headers and query parameters that hold credentials: their values never become samples.
export const SECRET_NAME = /pass(?:word|wd)?$|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|session|signature|^auth|otp$|^pin$|credential/i;
