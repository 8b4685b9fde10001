// The scan keeps every exchange for its analyzers: past the stored-bytes budget, bodies are kept to 64 KiB.
import { afterAll, describe, expect, it } from "vitest";
import { createHttpClient } from "../../src/http/client.js";
import { startServer, type RunningServer } from "../helpers/fixture-server.js";
import { config } from "./_support.js";

let server: RunningServer;
afterAll(async () => {
  await server?.close();
});

describe("stored-bytes budget", () => {
  it("stores whole bodies until the budget is spent, then 64 KiB of each", async () => {
    const body = "x".repeat(200 * 1024);
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": String(body.length) });
      res.end(body);
    });
    const client = createHttpClient(config(server.url, { maxStoredBytes: 300 * 1024 }));
    try {
      const first = await client.send({ url: "/a" });
      const second = await client.send({ url: "/b" });
      const third = await client.send({ url: "/c" });
      expect(first.response?.truncated).toBe(false);
      expect(second.response?.body.length).toBe(body.length); // under budget when it started
      expect(third.response?.truncated).toBe(true);
      expect(third.response?.body.length).toBe(64 * 1024);
      expect(third.response?.size).toBe(body.length);
    } finally {
      await client.close();
    }
  });
});
