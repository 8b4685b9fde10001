// Typed errors with codes. Only the CLI maps them to exit codes (2 for all of these).
export type ErrorCode =
  | "USAGE"          // bad flag, bad value
  | "INPUT"          // unreadable/broken spec, bad credential form
  | "TARGET"         // invalid URL, unreachable host, not HTTP
  | "POLICY"         // the HTTP layer refused a request (mode, scope)
  | "BUDGET"         // request budget exhausted
  | "SPEC"           // spec loading/validation problem (has a JSON pointer when known)
  | "INTERNAL";

export class RampartError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = "RampartError";
  }
}

export class UsageError extends RampartError {
  constructor(message: string) {
    super("USAGE", message);
    this.name = "UsageError";
  }
}

export class InputError extends RampartError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("INPUT", message, options);
    this.name = "InputError";
  }
}

export class TargetError extends RampartError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("TARGET", message, options);
    this.name = "TargetError";
  }
}

export class PolicyError extends RampartError {
  constructor(message: string) {
    super("POLICY", message);
    this.name = "PolicyError";
  }
}

export class BudgetExhaustedError extends RampartError {
  constructor(message = "request budget exhausted") {
    super("BUDGET", message);
    this.name = "BudgetExhaustedError";
  }
}

/** A spec problem; `pointer` is the JSON pointer of the offending node when known. */
export class SpecError extends RampartError {
  readonly pointer: string | null;
  readonly problems: string[];
  constructor(message: string, options: { pointer?: string | null; problems?: string[]; cause?: unknown } = {}) {
    super("SPEC", message, { cause: options.cause });
    this.pointer = options.pointer ?? null;
    this.problems = options.problems ?? [message];
    this.name = "SpecError";
  }
}

export function isRampartError(e: unknown): e is RampartError {
  return e instanceof RampartError;
}

/** One line for humans: no stack, no newline. */
export function oneLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/\s*\n\s*/g, " ").trim();
}
