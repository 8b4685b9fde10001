// Builds unsigned-looking JWTs for tests (the signature is a fixed string; nothing verifies it).
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString("base64url");

export const jwt = (payload: Record<string, unknown>, header: Record<string, unknown> = { alg: "HS256", typ: "JWT" }): string =>
  `${b64(header)}.${b64(payload)}.c2lnbmF0dXJlLXNpZ25hdHVyZQ`;

export { b64 };
