// `rampart demo [--hardened]`: start the bundled demo API on 127.0.0.1 and scan it.
import { startDemo } from "../../../demo/customer-api.js";
import type { CliCommand } from "../command.js";
import { addScanFlags, runScan, type ScanFlags } from "./scan.js";

interface DemoFlags extends ScanFlags {
  hardened?: boolean;
  serve?: boolean;
}

export const demoCommand: CliCommand = {
  name: "demo",
  register(program, io) {
    const cmd = program
      .command("demo")
      .description("start the bundled demo API (a FastAPI + CockroachDB customer service) on 127.0.0.1 and scan it")
      .option("--hardened", "use the fixed twin (HTTPS, auth, masked data): it grades A")
      .option("--serve", "only start the demo API and print its URL (Ctrl-C to stop)");
    addScanFlags(cmd)
      .addHelpText(
        "after",
        `
Examples:
  rampart demo                      the vulnerable service: SSNs in clear, a sslmode=disable DSN in an error, no TLS
  rampart demo --hardened           the fixed twin
  rampart demo --format json -o demo.json
  rampart demo --serve              start it and scan it yourself: rampart scan <printed url>`,
      )
      .action(async (flags: DemoFlags) => {
        const demo = await startDemo({ hardened: Boolean(flags.hardened) });
        try {
          if (flags.serve) {
            io.out(`Demo API (${flags.hardened ? "hardened" : "vulnerable"}) listening on ${demo.url} — spec at ${demo.url}/openapi.json`);
            if (flags.hardened) io.out(`bearer token: ${demo.token}`);
            await new Promise<void>((resolve) => {
              process.once("SIGINT", () => resolve());
              process.once("SIGTERM", () => resolve());
            });
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
      });
  },
};
