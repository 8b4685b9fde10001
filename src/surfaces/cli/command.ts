// Shape of one CLI command definition. main.ts registers every entry of definitions/index.ts on one program.
import type { Command } from "commander";

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress display, colours unless NO_COLOR). */
  isTTY: boolean;
  color: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Sets the process exit code (0 pass, 1 gate failed); usage/input/target errors are thrown as RampartError → 2. */
  setExitCode(code: number): void;
}

export interface CliCommand {
  name: string;
  register(program: Command, io: CliIO): void;
}
