// `rampart tls` against sslscan on the kinds of TLS server users point it at, all on 127.0.0.1: Node's
// tls (a weak and a strong configuration) and https servers, `openssl s_server` in its three modes (one
// connection at a time: -www answers HTTP, -rev echoes lines reversed, plain holds a session open), and
// nginx and HAProxy when installed. Each endpoint is timed by bench/startup.mjs (whole processes,
// alternating, median and spread, an idle server before every run). Run `npm run build` first.
// Usage: node bench/tls-endpoints.mjs [--runs N]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selfSignedCert, which } from "./_process.mjs";

const runsAt = process.argv.indexOf("--runs");
const runs = runsAt > 0 ? process.argv[runsAt + 1] : "7";
const dir = mkdtempSync(join(tmpdir(), "rampart-tls-endpoints-"));
const { cert, key } = selfSignedCert(dir);
writeFileSync(join(dir, "combined.pem"), readFileSync(cert, "utf8") + readFileSync(key, "utf8"));

const freePort = () => new Promise((resolve) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); }); });
const listening = async (port) => {
  for (let i = 0; i < 100; i++) {
    if (await new Promise((r) => { const s = net.connect(port, "127.0.0.1", () => (s.destroy(), r(true))); s.on("error", () => r(false)); })) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
};
const children = [];
const start = (cmd, args) => {
  const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "ignore"] });
  children.push(child);
  return child;
};

const endpoints = [];
const nodeServers = start(process.execPath, [new URL("./tls-servers.mjs", import.meta.url).pathname, dir]);
const { weak, strong } = await new Promise((resolve) => nodeServers.stdout.once("data", (d) => resolve(JSON.parse(String(d)))));
endpoints.push(["node:tls, TLS 1.0–1.3 and every suite", weak], ["node:tls, TLS 1.2–1.3 ECDHE AEAD", strong]);

const httpsPort = await freePort();
start(process.execPath, ["-e", `require("https").createServer({key:require("fs").readFileSync(${JSON.stringify(key)}),cert:require("fs").readFileSync(${JSON.stringify(cert)})},(q,r)=>r.end("{}")).listen(${httpsPort},"127.0.0.1");process.stdin.resume()`]);
endpoints.push(["node:https (Node's renegotiation limit)", httpsPort]);

for (const [mode, args] of [["-www", ["-www"]], ["-rev", ["-rev"]], ["plain", []]]) {
  const port = await freePort();
  start("openssl", ["s_server", "-quiet", "-naccept", "100000", "-accept", `127.0.0.1:${port}`, "-cert", cert, "-key", key, ...args]);
  endpoints.push([`openssl s_server ${mode} (one connection at a time)`, port]);
}

if (which("nginx")) {
  const port = await freePort();
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `${t}_temp_path ${dir};`).join(" ");
  writeFileSync(join(dir, "nginx.conf"), `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/nginx.log;
events { worker_connections 256; }
http { access_log off; ${temp} server { listen 127.0.0.1:${port} ssl; ssl_certificate ${cert}; ssl_certificate_key ${key}; location / { return 200 "{}"; } } }`);
  start("nginx", ["-c", join(dir, "nginx.conf"), "-p", dir]);
  endpoints.push(["nginx", port]);
}
if (which("haproxy")) {
  const port = await freePort();
  writeFileSync(join(dir, "haproxy.cfg"), `defaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\nfrontend f\n  bind 127.0.0.1:${port} ssl crt ${join(dir, "combined.pem")}\n  http-request return status 200 content-type application/json string "{}"\n`);
  start("haproxy", ["-f", join(dir, "haproxy.cfg")]);
  endpoints.push(["HAProxy", port]);
}

try {
  for (const [label, port] of endpoints) {
    await listening(port);
    console.log("");
    execFileSync(process.execPath, [new URL("./startup.mjs", import.meta.url).pathname, "--runs", runs, "--tls-only", "--tls", `127.0.0.1:${port}`, "--label", label], { stdio: "inherit" });
  }
} finally {
  for (const c of children) c.kill();
  rmSync(dir, { recursive: true, force: true });
}
