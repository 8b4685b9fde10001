// API errors: every failure is `{ error, message }` JSON with a status code that fits; bad input is a 400
// whose message names the field.
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { isRampartError, oneLine } from "../core/errors.js";

export const ERROR_CODES = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "too_many_requests",
  500: "internal_error",
  501: "not_implemented",
  503: "unavailable",
} as const;

export type ApiStatus = keyof typeof ERROR_CODES;

export class ApiError extends Error {
  constructor(
    readonly statusCode: ApiStatus,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const badRequest = (message: string): ApiError => new ApiError(400, message);
export const notFound = (message: string): ApiError => new ApiError(404, message);
export const conflict = (message: string): ApiError => new ApiError(409, message);

/** JSON schema of the error body, shared by every route's responses. */
export const errorSchema = {
  $id: "Error",
  type: "object",
  required: ["error", "message"],
  properties: {
    error: { type: "string", description: "machine-readable code, e.g. bad_request, unauthorized, not_found" },
    message: { type: "string", description: "one line for people; names the offending field on a 400" },
  },
} as const;

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** `body.url is required`, `query.limit must be <= 200`, `body has no field 'foo'`. */
export function validationMessage(context: string | undefined, issues: readonly AjvIssue[]): string {
  const issue = issues[0];
  if (!issue) return "invalid request";
  const base = (context ?? "request") + (issue.instancePath ?? "").replace(/\//g, ".");
  const params = issue.params ?? {};
  switch (issue.keyword) {
    case "required":
      return `${base}.${String(params.missingProperty)} is required`;
    case "additionalProperties":
      return `${base} has no field '${String(params.additionalProperty)}'`;
    case "enum":
      return `${base} must be one of ${((params.allowedValues as unknown[]) ?? []).join(", ")}`;
    default:
      return `${base} ${issue.message ?? "is invalid"}`;
  }
}

export function sendError(reply: FastifyReply, status: ApiStatus, message: string): FastifyReply {
  return reply.code(status).type("application/json; charset=utf-8").send({ error: ERROR_CODES[status], message });
}

/** Fastify's error handler: validation → 400, typed errors → their status, anything else → 500 without a stack. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const fe = error as FastifyError & { validation?: AjvIssue[]; validationContext?: string };
  if (fe.validation) return sendError(reply, 400, validationMessage(fe.validationContext, fe.validation));
  if (error instanceof ApiError) return sendError(reply, error.statusCode, error.message);
  if (isRampartError(error)) return sendError(reply, error.code === "INTERNAL" ? 500 : 400, oneLine(error));
  const status = fe.statusCode;
  if (status && status >= 400 && status < 500) {
    const known = (status in ERROR_CODES ? status : 400) as ApiStatus;
    // Fastify's own client errors (bad JSON, wrong content type, body too large) carry a useful message.
    return sendError(reply, known, oneLine(error));
  }
  request.log.error({ err: error }, "request failed");
  return sendError(reply, 500, "internal error; see the server log");
}
