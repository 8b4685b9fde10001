// A generated API with N operations on 127.0.0.1 for benchmarks: resources with list and get-by-id.
// Run directly (`node bench/fixture-api.mjs N`) it serves in its own process, prints its URL and stops
// when its standard input closes, so the scanner and the load generator do not share its event loop.
import http from "node:http";

export function benchSpec(operations) {
  const paths = {};
  const resources = Math.ceil(operations / 2);
  let count = 0;
  for (let i = 0; i < resources && count < operations; i++) {
    const name = `r${String(i).padStart(4, "0")}`;
    paths[`/${name}`] = { get: { operationId: `list_${name}`, responses: { 200: { description: "ok" } } } };
    count++;
    if (count < operations) {
      paths[`/${name}/{id}`] = {
        get: {
          operationId: `get_${name}`,
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer" } }],
          responses: { 200: { description: "ok" } },
        },
      };
      count++;
    }
  }
  return {
    openapi: "3.0.3",
    info: { title: `bench-${operations}`, version: "1" },
    components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-API-Key" } } },
    security: [{ key: [] }],
    paths,
  };
}

export function startFixture(operations) {
  const spec = JSON.stringify(benchSpec(operations));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/openapi.json") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(spec);
    }
    if (req.headers["x-api-key"] !== "bench-key") {
      res.writeHead(401, { "content-type": "application/json", "www-authenticate": "ApiKey" });
      return res.end('{"detail":"unauthorized"}');
    }
    const id = /\/(\d+)$/.exec(url.pathname)?.[1];
    res.writeHead(200, { "content-type": "application/json", "x-content-type-options": "nosniff" });
    res.end(JSON.stringify(id ? { id: Number(id), name: "item" } : [{ id: 1, name: "item" }, { id: 2, name: "item" }]));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) {
  const { server, url } = await startFixture(Number(process.argv[2] ?? 100));
  process.stdout.write(`${url}\n`);
  // Each line "cpu" on standard input is answered with this process's CPU time so far (ms), so the bench
  // can tell the scanner's CPU from the server's.
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => {
    for (const line of chunk.split("\n")) {
      if (line.trim() !== "cpu") continue;
      const u = process.cpuUsage();
      process.stdout.write(`cpu ${(u.user + u.system) / 1000}\n`);
    }
  });
  process.stdin.on("end", () => server.close(() => process.exit(0)));
}
