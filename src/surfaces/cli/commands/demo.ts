// `rampart demo` when it runs: start the bundled demo API on 127.0.0.1 and scan it (flags in ../definitions/demo.ts).
import { startDemo } from "../../../demo/customer-api.js";
import type { CliIO } from "../command.js";
import { runScan, type ScanFlags } from "./scan.js";

export interface DemoFlags extends ScanFlags {
  hardened?: boolean;
  serve?: boolean;
}

export async function runDemo(flags: DemoFlags, io: CliIO): Promise<void> {
  const demo = await startDemo({ hardened: Boolean(flags.hardened) });
  try {
    if (flags.serve) {
      // Handlers before the ready line: a SIGTERM sent on reading it stops the demo cleanly.
      const stopped = new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      io.out(`Demo API (${flags.hardened ? "hardened" : "vulnerable"}) listening on ${demo.url} — spec at ${demo.url}/openapi.json`);
      if (flags.hardened) io.out(`bearer token: ${demo.token}`);
      await stopped;
      return;
    }
    io.err(`Scanning the ${flags.hardened ? "hardened" : "vulnerable"} demo API at ${demo.url} …`);
    const env = { ...io.env, RAMPART_DEMO_TOKEN: demo.token };
    const scanFlags: ScanFlags = { ...flags };
    if (flags.hardened) {
      scanFlags.auth = [...(flags.auth ?? []), "bearer:env:RAMPART_DEMO_TOKEN"];
      if (!flags.ca && demo.caPem) scanFlags.ca = demo.caPem;
    }
    io.setExitCode(await runScan(demo.url, scanFlags, { ...io, env }));
  } finally {
    await demo.close();
  }
}
