import { afterAll, describe, expect, it } from "vitest";
import { scan } from "../../../src/engine/scan.js";
import { json, startServer, type RunningServer } from "../../helpers/fixture-server.js";

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

function spec(scheme: "http" | "https") {
  return {
    openapi: "3.0.3",
    info: { title: "t", version: "1" },
    paths: {
      "/integrations": { get: { responses: { "200": { description: "ok" } } } },
      "/subscriptions": {
        post: {
          requestBody: {
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  properties: { target: { type: "string", format: "uri", example: `${scheme}://hooks.partner.example/in?token=abc123` } },
                },
              },
            },
          },
          responses: { "201": { description: "ok" } },
        },
      },
    },
  };
}

async function target(scheme: "http" | "https"): Promise<string> {
  const s = await startServer((req, res) => {
    if (req.url === "/openapi.json") return json(res, 200, spec(scheme));
    if (req.url === "/integrations") {
      return json(res, 200, {
        $schema: "http://json-schema.org/draft-07/schema#",
        self: { href: `http://127.0.0.1:${s.port}/integrations` },
        payments: { provider_url: `${scheme}://pay.vendor.example/v1/charge?api_key=sk_live_secret` },
        items: [{ webhook: `${scheme}://pay.vendor.example/other` }, { callback_url: `${scheme}://crm.vendor.example/cb` }],
        note: "see http://docs.vendor.example for details",
      });
    }
    return json(res, 404, { detail: "not found" });
  });
  servers.push(s);
  return s.url;
}

describe("unsafeConsumption.plaintext-upstream", () => {
  it("fires once per third-party host referenced over http:// in responses and spec samples", async () => {
    const r = await scan({ target: await target("http"), checks: ["unsafeConsumption.plaintext-upstream"] });
    const hosts = r.findings.map((f) => f.title.replace(/^.*\((.*)\)$/, "$1")).sort();
    expect(hosts).toEqual(["crm.vendor.example", "hooks.partner.example", "pay.vendor.example"]);
    for (const f of r.findings) {
      expect(f.checkId).toBe("unsafeConsumption.plaintext-upstream");
      expect(f.severity).toBe("low");
    }
    const text = JSON.stringify(r.findings);
    expect(text).not.toContain("sk_live_secret");
    expect(text).not.toContain("abc123");
    expect(text).not.toContain("json-schema.org");
    expect(text).not.toContain("docs.vendor.example"); // prose, not an integration field
    const pay = r.findings.find((f) => f.title.includes("pay.vendor.example"));
    expect(pay?.evidence[0]?.excerpt).toContain("http://pay.vendor.example/v1/charge?…");
    const hook = r.findings.find((f) => f.title.includes("hooks.partner.example"));
    expect(hook?.evidence[0]?.excerpt).toContain("requestBody");
  });

  it("stays silent when integrations use https:// and only the API's own host is plain http", async () => {
    const r = await scan({ target: await target("https"), checks: ["unsafeConsumption.plaintext-upstream"] });
    expect(r.findings).toEqual([]);
  });
});
