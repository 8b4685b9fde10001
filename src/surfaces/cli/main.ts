// Builds the command-line program from the command list and maps errors to exit codes (2, one line).
import { Command, CommanderError } from "commander";
import { isRampartError, oneLine } from "../../core/errors.js";
import { VERSION } from "../../core/version.js";
import type { CliIO } from "./command.js";
import { commands } from "./definitions/index.js";

export function defaultIO(): CliIO & { exitCode: number } {
  const io = {
    exitCode: 0,
    out: (t: string) => void process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t: string) => void process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    isTTY: Boolean(process.stdout.isTTY),
    color: Boolean(process.stdout.isTTY) && !process.env["NO_COLOR"],
    env: process.env,
    cwd: process.cwd(),
    setExitCode(code: number) {
      io.exitCode = code;
    },
  };
  return io;
}

export function buildProgram(io: CliIO): Command {
  const program = new Command("rampart")
    .description("Self-hosted API security scanner: grade an HTTP API and its OpenAPI document, with reproducible findings.")
    .version(VERSION, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, "")), writeErr: (s) => io.err(s.replace(/\n$/, "")) })
    .exitOverride();
  program.addHelpText(
    "after",
    `
Examples:
  rampart demo                                   scan the bundled vulnerable demo API
  rampart scan http://127.0.0.1:8000             discover the spec and scan (read-only)
  rampart scan https://api.local --spec openapi.yaml --auth bearer:env:API_TOKEN --threshold B
  rampart explain encryption.db-dsn-insecure-sslmode --framework fastapi --database cockroachdb

Exit codes: 0 passed, 1 gate failed (--threshold / --fail-on), 2 could not scan: usage, input or target
error, or a gated scan that is incomplete (coverage under the floor, target stopped answering).`,
  );
  for (const c of commands) c.register(program, io);
  return program;
}

export async function main(argv: string[], io: CliIO & { exitCode: number } = defaultIO()): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: "user" });
    return io.exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; commander already printed its message for usage errors
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isRampartError(e)) {
      io.err(`rampart: ${oneLine(e)}`);
      return 2;
    }
    io.err(`rampart: internal error: ${oneLine(e)}`);
    if (io.env["RAMPART_DEBUG"] && e instanceof Error && e.stack) io.err(e.stack);
    return 2;
  }
}
