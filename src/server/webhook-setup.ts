// What `rampart serve` needs for webhooks: the server's secret key (seals endpoint URLs and signing secrets)
// and, when RAMPART_SMTP_URL is set, an SMTP relay for e-mail endpoints. Relay credentials live in that
// environment variable only, never in the store.
import { oneLine } from "../core/errors.js";
import { defaultMailFrom } from "../webhooks/sender.js";
import type { WebhookPluginOptions } from "./routes/webhooks.js";
import { loadSecretKey, type Env } from "./secrets.js";

export interface WebhookSetup {
  options: WebhookPluginOptions | null;
  /** Why webhooks are off, for one stderr line. */
  warning: string | null;
}

export async function webhookSetup(dbPath: string, env: Env, log: (line: string) => void): Promise<WebhookSetup> {
  let key;
  try {
    key = loadSecretKey({ dbPath, env });
  } catch (e) {
    return { options: null, warning: `webhooks are off: ${oneLine(e)}` };
  }
  const smtpUrl = env.RAMPART_SMTP_URL?.trim();
  let mail: WebhookPluginOptions["mail"] = null;
  if (smtpUrl) {
    const nodemailer = await import("nodemailer");
    try {
      mail = { transport: nodemailer.createTransport(smtpUrl), from: defaultMailFrom(env) };
    } catch (e) {
      return { options: null, warning: `webhooks are off: RAMPART_SMTP_URL: ${oneLine(e)}` };
    }
  }
  return { options: { key, mail, emailEnabled: Boolean(mail), log }, warning: null };
}
