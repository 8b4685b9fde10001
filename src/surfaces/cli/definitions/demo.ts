// `rampart demo [--hardened]`: its flags and help; ../commands/demo.ts starts the demo API and scans it.
import type { CliCommand } from "../command.js";
import type { DemoFlags } from "../commands/demo.js";
import { addScanFlags } from "./scan.js";

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
        const { runDemo } = await import("../commands/demo.js");
        await runDemo(flags, io);
      });
  },
};
