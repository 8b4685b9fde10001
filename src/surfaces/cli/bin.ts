#!/usr/bin/env node
// Process entry: the only place that owns argv, stdout and the exit code.
import { tuneRuntimeForScanning } from "../../core/runtime.js";
import { main } from "./main.js";

tuneRuntimeForScanning();

// A reader that stops early (`rampart demo --help | head`) closes the pipe: end quietly, as other
// command-line tools do, instead of Node's unhandled-error stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await main(process.argv.slice(2));
