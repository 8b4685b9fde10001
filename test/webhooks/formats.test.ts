/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies are checked field by field */
// Slack, Teams and e-mail renderings of the change summary, delivered for real: Slack and Teams bodies to
// the fixture receiver, e-mail through a local SMTP server (smtp-server on 127.0.0.1) via nodemailer.
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appendEvents } from "../../src/store/events.js";
import type { ScanStore } from "../../src/store/index.js";
import { WebhookService } from "../../src/webhooks/endpoints.js";
import { render, summarize } from "../../src/webhooks/formats.js";
import { WebhookSender } from "../../src/webhooks/sender.js";
import { makeEvent, startReceiver, tempStore, testKey, waitFor, type Receiver } from "./_fixtures.js";

let store: ScanStore;
let cleanup: () => void;
let receiver: Receiver;
let sender: WebhookSender | null = null;
const key = testKey();

beforeEach(async () => {
  ({ store, cleanup } = tempStore());
  receiver = await startReceiver();
});
afterEach(async () => {
  await sender?.stop();
  sender = null;
  await receiver.close();
  cleanup();
});

/** A grade.changed event with the data a monitor run produces (src/monitor/run-events.ts). */
const gradeEvent = () => ({
  ...makeEvent("fmt", 1, "grade.changed", "high"),
  data: {
    from: "B",
    to: "D",
    direction: "worse",
    score: { from: 82, to: 61, delta: -21 },
    categories: [{ id: "authentication", name: "Tokens & <sessions>", scoreFrom: 85, scoreTo: 50, gradeFrom: "B", gradeTo: "F" }],
  },
});

describe("webhook formats", () => {
  it("summarises a change readably: monitor, grade and score drift, the categories that moved, link", () => {
    const s = summarize(gradeEvent());
    expect(s.headline).toBe("Grade changed for http://127.0.0.1:9/fmt");
    expect(s.lines).toEqual(["Monitor: monitor fmt", "Grade: B → D", "Score: 82 → 61 (-21)", "Tokens & <sessions>: B → F", "Severity: high"]);
    expect(s.link).toMatch(/^http:\/\/127\.0\.0\.1:7878\//);
  });

  it("delivers a Slack message and a Teams Adaptive Card, escaped, with the signature headers", async () => {
    const service = new WebhookService(store, { key });
    const slack = await service.create({ url: `${receiver.url}/slack`, events: ["*"], format: "slack" });
    const teams = await service.create({ url: `${receiver.url}/teams`, events: ["*"], format: "teams" });
    receiver.secrets.push(slack.secret, teams.secret);
    appendEvents(store.db, [gradeEvent()]);
    sender = new WebhookSender({ store, service, pollMs: 50 });
    sender.start();
    await waitFor(() => receiver.received.length === 2, 10_000, "two deliveries");
    const bodies = receiver.received.map((r) => JSON.parse(r.body) as Record<string, any>);
    const s = bodies.find((b) => "blocks" in b) as Record<string, any>;
    expect(s.text).toBe("Grade changed for http://127.0.0.1:9/fmt");
    expect(s.blocks[1].text.text).toContain("• Tokens &amp; &lt;sessions&gt;: B → F");
    expect(s.blocks[2].elements[0].text).toMatch(/<http:\/\/127\.0\.0\.1:7878\/\S+\|Open in Rampart>/);
    const t = bodies.find((b) => b.type === "message") as Record<string, any>;
    const card = t.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.type).toBe("AdaptiveCard");
    expect(card.content.body.map((b: any) => b.text)).toContain("Grade: B → D");
    expect(card.content.actions[0]).toMatchObject({ type: "Action.OpenUrl", title: "Open in Rampart" });
    expect(receiver.received.every((r) => r.verifiedWith !== null && r.headers["rampart-event"] === "grade.changed")).toBe(true);
  });

  it("sends an e-mail through an SMTP relay on 127.0.0.1, with text and HTML parts and the delivery headers", async () => {
    const mails: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      onData(stream, _session, callback) {
        let raw = "";
        stream.on("data", (c: Buffer) => (raw += c.toString("utf8")));
        stream.on("end", () => {
          mails.push(raw);
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
    const port = (smtp.server.address() as { port: number }).port;
    try {
      const transport = nodemailer.createTransport(`smtp://127.0.0.1:${port}`);
      const service = new WebhookService(store, { key, emailEnabled: true });
      await service.create({ url: "mailto:ops@example.com,sec@example.com", events: ["grade.changed"], format: "email" });
      const event = gradeEvent();
      appendEvents(store.db, [event]);
      sender = new WebhookSender({ store, service, pollMs: 50, mail: { transport, from: "rampart@example.com" } });
      sender.start();
      await waitFor(() => mails.length === 1, 10_000, "one mail");
      const mail = mails[0] as string;
      expect(mail).toMatch(/^Subject: \[Rampart\] Grade changed for http:\/\/127\.0\.0\.1:9\/fmt/m);
      expect(mail).toMatch(/^To: ops@example\.com, sec@example\.com/m);
      expect(mail).toMatch(new RegExp(`^Rampart-Delivery: ${event.id}`, "m"));
      expect(mail).toMatch(/^Rampart-Event: grade\.changed/m);
      expect(mail).toContain("text/plain");
      expect(mail).toContain("text/html");
      expect(mail).toContain("Tokens &amp; &lt;sessions&gt;");
      expect(render(event, "email")).toMatchObject({ kind: "mail" });
      const counts = (await service.list())[0]?.deliveries;
      expect(counts).toEqual({ pending: 0, delivered: 1, dead: 0 });
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
  });
});
