// `rampart webhook verify|sign`: check a received delivery's Rampart-Signature the way a receiver must
// (timestamp within the tolerance, constant-time HMAC compare), or sign a body to test a receiver.
import fs from "node:fs";
import { UsageError } from "../../../core/errors.js";
import { DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, signatureHeader, verifySignature } from "../../../webhooks/signature.js";
import type { CliIO } from "../command.js";

export interface VerifyFlags {
  secret: string;
  header: string;
  bodyFile: string;
  tolerance?: string;
}

/** `env:NAME` reads the secret from the environment (keeps it out of the shell history and `ps`). */
function secretValue(value: string, io: CliIO): string {
  if (value.startsWith("env:")) {
    const name = value.slice(4);
    const v = io.env[name];
    if (!v) throw new UsageError(`--secret env:${name}: the environment variable ${name} is not set`);
    return v.trim();
  }
  if (!value.trim()) throw new UsageError("--secret is empty");
  return value.trim();
}

function readBody(file: string): Buffer {
  try {
    return fs.readFileSync(file === "-" ? 0 : file);
  } catch (e) {
    throw new UsageError(`--body-file ${file}: ${(e as NodeJS.ErrnoException).code ?? "cannot be read"}`);
  }
}

function tolerance(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TOLERANCE_SECONDS;
  if (!/^\d{1,7}$/.test(value.trim())) throw new UsageError(`--tolerance must be a whole number of seconds (got '${value}')`);
  return Number(value.trim());
}

/** Exit 0: valid. Exit 1: refused (malformed, expired, mismatch). Exit 2: usage error. One line either way. */
export function runWebhookVerify(flags: VerifyFlags, io: CliIO): void {
  const secret = secretValue(flags.secret, io);
  // Accept the whole header line as copied from a log: "Rampart-Signature: t=…,v1=…".
  const header = flags.header.replace(new RegExp(`^\\s*${SIGNATURE_HEADER}\\s*:`, "i"), "").trim();
  const result = verifySignature(secret, header, readBody(flags.bodyFile), { toleranceSeconds: tolerance(flags.tolerance) });
  if (result.ok) {
    io.out(`valid: signature matches, signed ${result.ageSeconds}s ago`);
    return;
  }
  io.out(`invalid (${result.reason}): ${result.message}`);
  io.setExitCode(1);
}

export function runWebhookSign(flags: { secret: string; bodyFile: string; timestamp?: string }, io: CliIO): void {
  const secret = secretValue(flags.secret, io);
  let t = Math.floor(Date.now() / 1000);
  if (flags.timestamp !== undefined) {
    if (!/^\d{1,12}$/.test(flags.timestamp.trim())) throw new UsageError(`--timestamp must be unix seconds (got '${flags.timestamp}')`);
    t = Number(flags.timestamp.trim());
  }
  io.out(signatureHeader([secret], t, readBody(flags.bodyFile)));
}
