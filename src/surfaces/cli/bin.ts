#!/usr/bin/env node
// Process entry: the only place that owns argv, stdout and the exit code.
import { main } from "./main.js";

process.exitCode = await main(process.argv.slice(2));
