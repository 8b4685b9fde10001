// Module hooks for test/cli/startup.test.ts: append the URL of every module Node loads through the ESM
// loader (the project's files, packages' entry points, node: built-ins) to the file named by
// RAMPART_MODULE_TRACE. Registered with `node --import <data: URL calling module.register>`.
import { appendFileSync } from "node:fs";

export async function load(url, context, nextLoad) {
  const file = process.env.RAMPART_MODULE_TRACE;
  if (file) appendFileSync(file, `${url}\n`);
  return nextLoad(url, context);
}
