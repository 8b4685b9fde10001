// Child process of bench/scale.ts: K fixture APIs of N operations each (bench/fixture-api.mjs), one port each on
// 127.0.0.1 so each is its own host:port for the queue's per-host limits. Prints one URL a line, then "ready";
// stops when its standard input closes. A process of its own, so the APIs' CPU (read from /proc by the bench)
// is told apart from the scanners' and the bench's, and the bench's event loop stays free for its timing.
import { startFixture } from "./fixture-api.mjs";

const [count = "16", operations = "12"] = process.argv.slice(2);
const servers = [];
for (let i = 0; i < Number(count); i++) {
  const { server, url } = await startFixture(Number(operations));
  servers.push(server);
  process.stdout.write(`${url}\n`);
}
process.stdout.write("ready\n");
process.stdin.resume();
process.stdin.on("end", () => {
  for (const s of servers) s.closeAllConnections?.();
  Promise.all(servers.map((s) => new Promise((r) => s.close(r)))).then(() => process.exit(0));
});
