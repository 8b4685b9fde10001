// `rampart webhook verify|sign`: flags and help; ../commands/webhook.ts does the work.
import type { CliCommand } from "../command.js";
import type { VerifyFlags } from "../commands/webhook.js";

export const webhookCommand: CliCommand = {
  name: "webhook",
  register(program, io) {
    const webhook = program.command("webhook").description("verify or sign Rampart webhook deliveries (Rampart-Signature)");
    webhook
      .command("verify")
      .description("check one delivery's signature as a receiver must")
      .requiredOption("--secret <secret>", "the endpoint's signing secret (whsec_…), or env:VAR to read it from the environment")
      .requiredOption("--header <value>", "the Rampart-Signature header value: t=<unix seconds>,v1=<hex>[,v1=<hex>]")
      .requiredOption("--body-file <file>", "the raw request body exactly as received ('-' reads standard input)")
      .option("--tolerance <seconds>", "refuse signatures older than this (default 300)")
      .addHelpText(
        "after",
        `
Prints one line. Exit codes: 0 valid; 1 refused (malformed header, timestamp older than the tolerance,
or no v1 value matches the secret and body); 2 usage error (missing flag, unreadable file).

Example:
  rampart webhook verify --secret env:RAMPART_WEBHOOK_SECRET \\
    --header 't=1767225600,v1=5f0c…' --body-file body.json`,
      )
      .action(async (flags: VerifyFlags) => {
        const { runWebhookVerify } = await import("../commands/webhook.js");
        runWebhookVerify(flags, io);
      });
    webhook
      .command("sign")
      .description("print the Rampart-Signature value for a body (to test a receiver)")
      .requiredOption("--secret <secret>", "signing secret, or env:VAR")
      .requiredOption("--body-file <file>", "the body to sign ('-' reads standard input)")
      .option("--timestamp <seconds>", "unix seconds to sign at (default now)")
      .action(async (flags: { secret: string; bodyFile: string; timestamp?: string }) => {
        const { runWebhookSign } = await import("../commands/webhook.js");
        runWebhookSign(flags, io);
      });
  },
};
