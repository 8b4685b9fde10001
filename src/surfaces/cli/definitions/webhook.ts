// `rampart webhook add|list|edit|pause|resume|remove|rotate|deliveries|redeliver|verify|sign`: flags and help.
// The store-backed commands live in ../commands/webhook-endpoints.ts and webhook-deliveries.ts, signature
// checks in ../commands/webhook.ts; each is imported only when its command runs.
import type { Command } from "commander";
import { SEVERITIES } from "../../../core/types.js";
import { EVENT_TYPES } from "../../../monitor/event-types.js";
import { DEFAULT_ROTATION_OVERLAP_SECONDS, MAX_ROTATION_OVERLAP_SECONDS } from "../../../webhooks/rotation.js";
import type { CliCommand } from "../command.js";
import type { VerifyFlags } from "../commands/webhook.js";
import type { DeliveriesFlags } from "../commands/webhook-deliveries.js";
import type { WebhookAddFlags, WebhookEditFlags, WebhookRotateFlags } from "../commands/webhook-endpoints.js";
import type { PageFlags, WebhookStoreFlags } from "../commands/webhook-store.js";
import { intFlag } from "../parse.js";

const PAYLOADS = "json (signed event, default) | slack | teams | email (a mailto: URL; sent when the server has RAMPART_SMTP_URL)";

function storeOption(cmd: Command): Command {
  return cmd.option("--store <file|url>", "SQLite file or postgres:// URL (default: RAMPART_STORE, else the file `rampart serve` uses)");
}

function settingOptions(cmd: Command): Command {
  return cmd
    .option("--events <types>", `comma-separated event types, or * for all: ${EVENT_TYPES.join(", ")}`)
    .option("--min-severity <severity>", `send no event below it (${SEVERITIES.join(" | ")}); events without a severity always go`)
    .option("--payload <format>", PAYLOADS)
    .option("--description <text>", "what the endpoint is for, shown by list");
}

function pageOptions(cmd: Command, what: string, max: number): Command {
  return cmd
    .option("--format <format>", "table | json (default table)")
    .option("--limit <n>", `${what} to show (default 50)`, intFlag("--limit", 1, max))
    .option("--offset <n>", "skip this many first (the next page starts at offset + limit)", intFlag("--offset", 0, 10_000_000));
}

const EXAMPLES = `
Webhook endpoints receive the events of monitors (see rampart monitor --help): finding.new, grade.changed,
target.unreachable … as signed JSON, or as Slack, Teams or e-mail messages. add, list, edit, pause, resume,
remove, deliveries and redeliver work on the store \`rampart serve\` uses (--store or RAMPART_STORE: a SQLite
file or a PostgreSQL URL); its sender picks up a change within a second. URLs and signing secrets are sealed
under the server's secret key (RAMPART_SECRET_KEY, else its key file): run these commands with the same key.
A URL must be http or https and may not point at a link-local or cloud-metadata address (169.254.169.254 …).

The signing secret is printed once, by add (or by rotate, which makes a new one while the old one keeps
signing for --overlap seconds): give it to the receiver then. list shows the URL shortened (a
Slack or Teams URL is itself a credential) and never a secret. Bad input, an unknown id or a key that does
not open the store's records is one line and exit 2. See docs/monitoring.md.

Examples:
  rampart webhook add https://hooks.example.com/rampart --events finding.new,grade.changed --min-severity high
  rampart webhook add https://hooks.slack.com/services/T000/B000/XXXX --payload slack --description "#api-alerts"
  rampart webhook list
  rampart webhook edit wh_0123456789abcdef --events '*' --clear-min-severity
  rampart webhook pause wh_0123456789abcdef
  rampart webhook rotate wh_0123456789abcdef --overlap 3600
  rampart webhook deliveries --monitor mon_0123456789abcdef --status dead
  rampart webhook redeliver 412
  rampart webhook redeliver --endpoint wh_0123456789abcdef      every dead letter of the endpoint
  rampart webhook remove wh_0123456789abcdef
  rampart webhook verify --secret env:RAMPART_WEBHOOK_SECRET --header 't=…,v1=…' --body-file body.json`;

export const webhookCommand: CliCommand = {
  name: "webhook",
  register(program, io) {
    const webhook = program
      .command("webhook")
      .description("add, list, edit, rotate and remove webhook endpoints, list and redeliver deliveries, verify or sign a delivery")
      .addHelpText("after", EXAMPLES);
    settingOptions(storeOption(webhook.command("add").description("subscribe an endpoint; prints its id and its signing secret (once)").argument("<url>", "where deliveries go: http(s) URL, or mailto:address with --payload email")))
      .option("--paused", "add it paused (its deliveries are kept until resumed)")
      .option("--format <format>", "table | json (default table; json is the API's answer: {id, secret, webhook})")
      .addHelpText("after", "\nWithout --events the endpoint receives every event type (*).")
      .action(async (url: string, flags: WebhookAddFlags) => {
        const { runWebhookAdd } = await import("../commands/webhook-endpoints.js");
        await runWebhookAdd(url, flags, io);
      });
    pageOptions(storeOption(webhook.command("list").description("list endpoints (oldest first) with their events and delivery counts; never a secret")), "endpoints", 10_000).action(
      async (flags: PageFlags) => {
        const { runWebhookList } = await import("../commands/webhook-endpoints.js");
        await runWebhookList(flags, io);
      },
    );
    settingOptions(storeOption(webhook.command("edit").description("change an endpoint (only the flags given change; the secret stays)").argument("<id>", "webhook id from `rampart webhook list`")))
      .option("--url <url>", "new URL (checked as on add)")
      .option("--clear-min-severity", "send events of every severity")
      .option("--clear-description", "remove the description")
      .action(async (id: string, flags: WebhookEditFlags) => {
        const { runWebhookEdit } = await import("../commands/webhook-endpoints.js");
        await runWebhookEdit(id, flags, io);
      });
    for (const [name, description] of [
      ["pause", "hold an endpoint's deliveries (kept, and sent in order when resumed)"],
      ["resume", "send an endpoint's deliveries again, held ones first"],
      ["remove", "delete an endpoint and its delivery records"],
    ] as const) {
      storeOption(webhook.command(name).description(description).argument("<id>", "webhook id")).action(async (id: string, flags: WebhookStoreFlags) => {
        const m = await import("../commands/webhook-endpoints.js");
        const run = name === "pause" ? m.runWebhookPause : name === "resume" ? m.runWebhookResume : m.runWebhookRemove;
        await run(id, flags, io);
      });
    }
    storeOption(webhook.command("rotate").description("give an endpoint a new signing secret, printed once; the old one keeps signing for a while").argument("<id>", "webhook id"))
      .option(
        "--overlap <seconds>",
        `how long the previous secret still signs, beside the new one (default ${DEFAULT_ROTATION_OVERLAP_SECONDS}; 0 retires it now)`,
        intFlag("--overlap", 0, MAX_ROTATION_OVERLAP_SECONDS),
      )
      .option("--format <format>", "table | json (default table; json is the API's answer: {id, secret, webhook})")
      .action(async (id: string, flags: WebhookRotateFlags) => {
        const { runWebhookRotate } = await import("../commands/webhook-endpoints.js");
        await runWebhookRotate(id, flags, io);
      });
    pageOptions(storeOption(webhook.command("deliveries").description("deliveries, newest first: what was sent, what is pending, the dead letters")), "deliveries", 500)
      .option("--endpoint <id>", "only those to this webhook")
      .option("--monitor <id>", "only those of events this monitor raised")
      .option("--status <status>", "pending | delivered | dead (dead: the dead letters)")
      .action(async (flags: DeliveriesFlags) => {
        const { runWebhookDeliveries } = await import("../commands/webhook-deliveries.js");
        await runWebhookDeliveries(flags, io);
      });
    storeOption(
      webhook
        .command("redeliver")
        .description("send a dead (or delivered) delivery again, or every dead letter of an endpoint, with a fresh retry window")
        .argument("[deliveryId]", "delivery id from `rampart webhook deliveries`"),
    )
      .option("--endpoint <id>", "instead of one delivery: every dead letter of this webhook, in event order")
      .action(async (id: string | undefined, flags: WebhookStoreFlags & { endpoint?: string }) => {
        const { runWebhookRedeliver } = await import("../commands/webhook-deliveries.js");
        await runWebhookRedeliver(id, flags, io);
      });
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
