/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are checked field by field */
// /api/webhooks and /api/deliveries on a real server: the secret only in the create/rotate responses, the
// URL sealed at rest and shortened in answers, roles, validation, the target guard (169.254.169.254 and a
// name resolving to it refused), dead letters listed and redelivered through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendEvents } from "../../src/store/events.js";
import { startApi, type TestServer } from "./_server.js";
import { makeEvent, startReceiver, testKey, waitFor, type Receiver } from "../webhooks/_fixtures.js";

let api: TestServer;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver("/services/T000/B000/XXXXSECRETPATH");
  api = await startApi({
    webhooks: {
      key: testKey(),
      retry: { baseMs: 30, maxDelayMs: 60, windowMs: 400 },
      pollMs: 50,
      timeoutMs: 2000,
      resolver: async (host) => (host === "metadata.test" ? [{ address: "169.254.169.254", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]),
    },
  });
});

afterAll(async () => {
  await api?.close();
  await receiver?.close();
});

describe("webhook API", () => {
  let id = "";
  let secret = "";

  it("creates an endpoint and shows its secret only in the create response", async () => {
    const made = await api.call("POST", "/api/webhooks", { body: { url: receiver.url, events: ["finding.new"], minSeverity: "medium", format: "json" } });
    expect(made.status).toBe(201);
    expect(made.body.id).toMatch(/^wh_[0-9a-f]{16}$/);
    expect(made.body.secret).toMatch(/^whsec_/);
    ({ id, secret } = made.body);
    receiver.secrets.push(secret);
    expect(made.body.webhook).toMatchObject({ id, format: "json", events: ["finding.new"], minSeverity: "medium", active: true });
    // The URL's path is a credential for Slack and Teams: answers show a shortened form.
    expect(made.body.webhook.url).toBe(`http://127.0.0.1:${receiver.port}/services/…`);

    const list = await api.call("GET", "/api/webhooks");
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain("XXXXSECRETPATH");
    expect(list.body.items.map((w: any) => w.id)).toEqual([id]);
    const one = await api.call("GET", `/api/webhooks/${id}`);
    expect(one.body).not.toHaveProperty("secret");

    // At rest neither the secret nor the URL is in plain text.
    const row = api.store.db.prepare("SELECT * FROM webhook_endpoints WHERE id = ?").get(id) as Record<string, string>;
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(JSON.stringify(row)).not.toContain("XXXXSECRETPATH");
  });

  it("refuses webhook URLs at link-local or metadata addresses, by address and by name", async () => {
    const direct = await api.call("POST", "/api/webhooks", { body: { url: "http://169.254.169.254/latest/meta-data/", events: ["*"] } });
    expect(direct.status).toBe(400);
    expect(direct.body.error).toBe("bad_request");
    expect(direct.body.message).toMatch(/^body\.url: .*169\.254\.169\.254 is a link-local address/);
    const named = await api.call("POST", "/api/webhooks", { body: { url: "http://metadata.test/hook", events: ["*"] } });
    expect(named.status).toBe(400);
    expect(named.body.message).toMatch(/metadata\.test is not scanned/);
    const google = await api.call("POST", "/api/webhooks", { body: { url: "http://metadata.google.internal/", events: ["*"] } });
    expect(google.status).toBe(400);
    const patched = await api.call("PATCH", `/api/webhooks/${id}`, { body: { url: "http://[fe80::1]/hook" } });
    expect(patched.status).toBe(400);
    expect(patched.body.message).toMatch(/IPv6 link-local/);
  });

  it("validates input and names the field", async () => {
    const cases: [unknown, RegExp][] = [
      [{ events: ["*"] }, /body\.url is required/],
      [{ url: receiver.url, events: [] }, /body\.events must NOT have fewer than 1 items/],
      [{ url: receiver.url, events: ["scan.exploded"] }, /body\.events\.0 must be one of/],
      [{ url: receiver.url, events: ["*"], minSeverity: "urgent" }, /body\.minSeverity must be one of/],
      [{ url: receiver.url, events: ["*"], format: "pager" }, /body\.format must be one of/],
      [{ url: "ftp://127.0.0.1/x", events: ["*"] }, /body\.url: scheme ftp: is not supported/],
      [{ url: "not a url", events: ["*"] }, /body\.url: 'not a url' is not a URL/],
      [{ url: "mailto:ops@example.com", events: ["*"], format: "email" }, /body\.format: email needs the server's SMTP relay/],
      [{ url: receiver.url, events: ["*"], secret: "mine" }, /body has no field 'secret'/],
    ];
    for (const [body, message] of cases) {
      const res = await api.call("POST", "/api/webhooks", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.message).toMatch(message);
    }
  });

  it("lets only admins manage endpoints; viewers read deliveries, operators redeliver", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const res = await api.call("POST", "/api/webhooks", { token: api.token(role), body: { url: receiver.url, events: ["*"] } });
      expect(res.status).toBe(403);
      expect((await api.call("GET", "/api/webhooks", { token: api.token(role) })).status).toBe(403);
    }
    expect((await api.call("GET", "/api/deliveries", { token: api.token("viewer") })).status).toBe(200);
    expect((await api.call("GET", "/api/webhooks", { token: null })).status).toBe(401);
    expect((await api.call("POST", "/api/deliveries/1/redeliver", { token: api.token("viewer") })).status).toBe(403);
  });

  it("delivers matching events, dead-letters failures, and redelivers dead letters through the API", async () => {
    appendEvents(api.store.db, [makeEvent("api", 1, "finding.new", "high"), makeEvent("api", 2, "finding.new", "low")]);
    api.app.webhooks?.sender.wake();
    await waitFor(() => receiver.received.length === 1, 10_000, "the high finding");
    expect(receiver.received[0]?.verifiedWith).toBe(secret);
    const delivered = await api.call("GET", `/api/webhooks/${id}/deliveries`, { token: api.token("viewer") });
    expect(delivered.body.items).toHaveLength(1);
    expect(delivered.body.items[0]).toMatchObject({ webhookId: id, eventType: "finding.new", status: "delivered", attempts: 1, lastStatus: 204 });
    // Each delivery names the monitor and target its event belongs to.
    expect(delivered.body.items[0]).toMatchObject({ monitor: { id: "api", name: "monitor api" }, target: "http://127.0.0.1:9/api" });

    receiver.respond(500);
    appendEvents(api.store.db, [makeEvent("api", 3, "finding.new", "critical")]);
    api.app.webhooks?.sender.wake();
    await waitFor(
      () => (api.store.db.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE status = 'dead'").get() as { n: number }).n === 1,
      10_000,
      "a dead letter",
    );
    const dead: any[] = (await api.call("GET", "/api/deliveries?status=dead", { token: api.token("viewer") })).body.items;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ status: "dead", lastStatus: 500, lastError: "HTTP 500", monitor: { id: "api" }, target: "http://127.0.0.1:9/api" });
    expect(dead[0].attempts).toBeGreaterThanOrEqual(2);

    receiver.respond(204);
    const again = await api.call("POST", `/api/deliveries/${dead[0].id}/redeliver`, { token: api.token("operator") });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: "pending", monitor: { id: "api", name: "monitor api" }, target: "http://127.0.0.1:9/api" });
    await waitFor(() => receiver.received.length === 2, 10_000, "the redelivered event");
    expect(receiver.received[1]?.event?.data.n).toBe(3);
    expect((await api.call("POST", "/api/deliveries/999999/redeliver")).status).toBe(404);
    const bulk = await api.call("POST", `/api/webhooks/${id}/redeliver`, { token: api.token("operator") });
    expect(bulk.body).toEqual({ requeued: 0 });
  });

  it("rotates the secret (shown once) and edits, pauses and deletes endpoints", async () => {
    const rotated = await api.call("POST", `/api/webhooks/${id}/rotate`, { body: { overlapSeconds: 600 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(Date.parse(rotated.body.webhook.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(590_000);

    const patched = await api.call("PATCH", `/api/webhooks/${id}`, { body: { events: ["*"], minSeverity: null, description: "ops channel", active: false } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ events: ["*"], minSeverity: null, description: "ops channel", active: false });
    expect((await api.call("PATCH", `/api/webhooks/${id}`, { body: {} })).status).toBe(400);

    expect((await api.call("DELETE", `/api/webhooks/${id}`)).body).toEqual({ id, deleted: true });
    expect((await api.call("GET", `/api/webhooks/${id}`)).status).toBe(404);
    expect((await api.call("DELETE", `/api/webhooks/${id}`)).status).toBe(404);
    expect((await api.call("POST", `/api/webhooks/${id}/rotate`)).status).toBe(404);
    const rows = api.store.db.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = ?").get(id) as { n: number };
    expect(rows.n).toBe(0);
  });

  it("describes the webhook routes in the OpenAPI document", async () => {
    const doc = await api.call("GET", "/api/openapi.json", { token: null });
    for (const p of ["/api/webhooks", "/api/webhooks/{id}", "/api/webhooks/{id}/rotate", "/api/webhooks/{id}/deliveries", "/api/deliveries", "/api/deliveries/{id}/redeliver"]) {
      expect(Object.keys(doc.body.paths)).toContain(p);
    }
    expect(JSON.stringify(doc.body.paths["/api/webhooks"].post)).toContain("writeOnly");
  });
});
