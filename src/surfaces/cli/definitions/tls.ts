// `rampart tls <host:port>`: its flags and help; ../commands/tls.ts runs the audit.
import type { CliCommand } from "../command.js";
import type { TlsFlags } from "../commands/tls.js";
import { intFlag } from "../parse.js";

export const TLS_FORMATS = ["summary", "json"];

export const tlsCommand: CliCommand = {
  name: "tls",
  register(program, io) {
    program
      .command("tls")
      .description("audit one TLS endpoint: protocols, cipher suites, groups, certificate and a TLS grade")
      .argument("<host:port>", "endpoint to audit (port defaults to 443)")
      .option("--ca <pem>", "extra trusted CA certificate(s), PEM file")
      .option("--timeout <ms>", "timeout per connection in ms", intFlag("--timeout", 100, 120_000), 5000)
      .option("--format <format>", `output format: ${TLS_FORMATS.join(" | ")}`, "summary")
      .option("--servername <name>", "SNI name and the name the certificate must match (default: the host)")
      .addHelpText(
        "after",
        `
Examples:
  rampart tls 127.0.0.1:8443 --servername api.local --ca internal-root.pem
  rampart tls https://api.local --format json`,
      )
      .action(async (endpoint: string, flags: TlsFlags) => {
        const { runTls } = await import("../commands/tls.js");
        await runTls(endpoint, flags, io);
      });
  },
};
