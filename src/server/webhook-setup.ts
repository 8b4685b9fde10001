// The SMTP relay for e-mail webhook endpoints: RAMPART_SMTP_URL (e.g. smtps://user:pass@smtp.example.com:465)
// and RAMPART_SMTP_FROM. Relay credentials live in the environment only, never in the store.
import { InputError, oneLine } from "../core/errors.js";
import { defaultMailFrom, type MailSettings } from "../webhooks/sender.js";
import type { Env } from "./secrets.js";

/** The relay from the environment, or null when RAMPART_SMTP_URL is not set. A bad URL is one InputError line. */
export async function mailSettings(env: Env): Promise<MailSettings | null> {
  const smtpUrl = env.RAMPART_SMTP_URL?.trim();
  if (!smtpUrl) return null;
  if (!/^smtps?:\/\//i.test(smtpUrl)) throw new InputError("RAMPART_SMTP_URL must look like smtp://host:587 or smtps://user:password@host:465");
  const nodemailer = await import("nodemailer");
  try {
    return { transport: nodemailer.createTransport(smtpUrl), from: defaultMailFrom(env) };
  } catch (e) {
    throw new InputError(`RAMPART_SMTP_URL: ${oneLine(e).replace(smtpUrl, "<url>")}`);
  }
}
