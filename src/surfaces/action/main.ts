// Entry of the bundled GitHub Action (action/dist/index.js): the runner's environment in, exit code out.
import { tuneRuntimeForScanning } from "../../core/runtime.js";
import { runAction } from "./run.js";

tuneRuntimeForScanning();

process.exitCode = await runAction(process.env, {
  log: (text) => void process.stdout.write(text.endsWith("\n") ? text : `${text}\n`),
});
