// unsafeConsumption.webhook-surface through scan(): offline, from the spec's write operations.
import { describe, expect, it } from "vitest";
import { findingsOf, scanApp } from "../../apps/framework-scan.js";
import { json } from "../../helpers/fixture-server.js";

function spec(documented: boolean) {
  const subscription = { type: "object", properties: { event: { type: "string" }, callback_url: { type: "string", format: "uri", ...(documented ? { description: "https only; deliveries carry an X-Signature HMAC-SHA256 header" } : {}) } } };
  return {
    openapi: "3.0.3",
    info: { title: "Events", version: "1" },
    paths: {
      "/subscriptions": { post: { requestBody: { content: { "application/json": { schema: subscription } } }, responses: { "201": { description: "created" } } } },
      "/profile": { patch: { requestBody: { content: { "application/json": { schema: { type: "object", properties: { avatar_url: { type: "string" } } } } } }, responses: { "200": { description: "ok" } } } },
    },
  };
}

const app = () => (_req: unknown, res: import("node:http").ServerResponse) => json(res, 200, {});

describe("unsafeConsumption.webhook-surface", () => {
  it("fires on a webhook registration with no signature or allow-list documented", async () => {
    const r = await scanApp(app(), { spec: spec(false), checks: ["unsafeConsumption.webhook-surface"] });
    const f = findingsOf(r, "unsafeConsumption.webhook-surface");
    expect(f.map((x) => [x.operation?.path, x.severity, x.evidence[0]!.excerpt])).toEqual([
      ["/subscriptions", "info", "registers body callback_url; no signature or allow-list documented"],
    ]);
    expect(r.requests.byMethod["POST"]).toBeUndefined();
  });
  it("stays silent when deliveries are documented as signed", async () => {
    const r = await scanApp(app(), { spec: spec(true), checks: ["unsafeConsumption.webhook-surface"] });
    expect(r.findings).toEqual([]);
  });
});
