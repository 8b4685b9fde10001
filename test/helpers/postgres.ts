// Starts a real, throw-away PostgreSQL for a test: initdb into a temp dir, listen on 127.0.0.1 only on a
// free port, start with pg_ctl; stop() stops it and removes the directory. Works as root (the server runs
// as the `postgres` user, or `nobody`, since initdb refuses root) and as a normal user.
import { execFileSync, spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PgInstance {
  host: "127.0.0.1";
  port: number;
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the server (fast shutdown: clients are disconnected), waits `downMs`, starts it again on the same port. */
  restart(downMs?: number): Promise<void>;
}

export interface PgStartOptions {
  /** ssl = on with this certificate and key (PEM). */
  tls?: { certPem: string; keyPem: string } | null;
  /** Full pg_hba.conf text. */
  hba: string;
  /** Extra postgresql.conf lines (e.g. ssl_min_protocol_version = 'TLSv1.2'). */
  conf?: string[];
  /** Run the server with an OpenSSL config at security level 0, so it can load and serve weak
   *  certificates (1024-bit RSA, SHA-1) and speak TLS 1.0 — the distribution default refuses them. */
  legacyOpenssl?: boolean;
}

const LEGACY_OPENSSL_CNF = `openssl_conf = default_conf
[default_conf]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
MinProtocol = TLSv1
CipherString = DEFAULT@SECLEVEL=0
`;

const INSTALL_HINT =
  "PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql (Debian/Ubuntu: apt-get install -y postgresql) " +
  "or put initdb and pg_ctl on PATH";

function findBinary(name: string): string {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/local/bin", "/usr/bin"];
  const pgRoot = "/usr/lib/postgresql";
  if (fs.existsSync(pgRoot)) {
    const versions = fs.readdirSync(pgRoot).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(path.join(pgRoot, v, "bin"));
  }
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  throw new Error(INSTALL_HINT);
}

/** As root, the server must run as an unprivileged account: postgres if it exists, else nobody. */
function serverAccount(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    try {
      const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8" }).trim());
      if (Number.isInteger(uid) && uid > 0) return { uid, gid };
    } catch {
      // try the next account
    }
  }
  throw new Error("running as root but neither a 'postgres' nor a 'nobody' account exists to run PostgreSQL");
}

function run(
  bin: string,
  args: string[],
  account: { uid: number; gid: number } | null,
  cwd: string,
  extraEnv: Record<string, string> = {},
): SpawnSyncReturns<string> {
  const r = spawnSync(bin, args, {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C", ...extraEnv },
    ...(account ?? {}),
  });
  if (r.error) throw new Error(`${path.basename(bin)} failed to run: ${r.error.message}`);
  return r;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(opts: PgStartOptions): Promise<PgInstance> {
  const initdb = findBinary("initdb");
  const pgCtl = findBinary("pg_ctl");
  const account = serverAccount();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-pg-"));
  const dataDir = path.join(root, "data");
  const own = (p: string) => {
    if (account) fs.chownSync(p, account.uid, account.gid);
  };
  own(root);
  const remove = () => fs.rmSync(root, { recursive: true, force: true });
  try {
    const init = run(initdb, ["-D", dataDir, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], account, root);
    if (init.status !== 0) throw new Error(`initdb failed: ${(init.stderr || init.stdout).trim().split("\n").slice(-3).join(" | ")}`);

    const conf: string[] = [
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${root}'`,
      "fsync = off",
      "max_connections = 20",
      "shared_buffers = 16MB",
      "logging_collector = off",
    ];
    if (opts.tls) {
      const cert = path.join(dataDir, "server.crt");
      const key = path.join(dataDir, "server.key");
      fs.writeFileSync(cert, opts.tls.certPem);
      fs.writeFileSync(key, opts.tls.keyPem, { mode: 0o600 });
      own(cert);
      own(key);
      conf.push("ssl = on", `ssl_cert_file = '${cert}'`, `ssl_key_file = '${key}'`);
    } else {
      conf.push("ssl = off");
    }
    conf.push(...(opts.conf ?? []));
    fs.appendFileSync(path.join(dataDir, "postgresql.conf"), `\n${conf.join("\n")}\n`);
    fs.writeFileSync(path.join(dataDir, "pg_hba.conf"), opts.hba);
    const startEnv: Record<string, string> = {};
    if (opts.legacyOpenssl) {
      const cnf = path.join(root, "openssl-legacy.cnf");
      fs.writeFileSync(cnf, LEGACY_OPENSSL_CNF);
      own(cnf);
      startEnv.OPENSSL_CONF = cnf;
    }

    // A free port can be taken between the check and the start: retry a few times.
    for (let attempt = 0; attempt < 5; attempt++) {
      const port = await freePort();
      const log = path.join(root, "server.log");
      const start = run(pgCtl, ["-D", dataDir, "-l", log, "-w", "-t", "60", "-o", `-p ${port}`, "start"], account, root, startEnv);
      if (start.status === 0) {
        return {
          host: "127.0.0.1",
          port,
          dataDir,
          stop: async () => {
            run(pgCtl, ["-D", dataDir, "-m", "immediate", "-w", "stop"], account, root);
            remove();
          },
          restart: async (downMs = 0) => {
            run(pgCtl, ["-D", dataDir, "-m", "fast", "-w", "stop"], account, root);
            await new Promise((r) => setTimeout(r, downMs));
            const again = run(pgCtl, ["-D", dataDir, "-l", log, "-w", "-t", "60", "-o", `-p ${port}`, "start"], account, root, startEnv);
            if (again.status !== 0) throw new Error(`pg_ctl restart failed: ${again.stderr.trim()}`);
          },
        };
      }
      const logText = fs.existsSync(log) ? fs.readFileSync(log, "utf8") : start.stderr;
      if (!/could not bind|Address already in use/i.test(logText)) {
        throw new Error(`pg_ctl start failed: ${logText.trim().split("\n").slice(-5).join(" | ")}`);
      }
    }
    throw new Error("pg_ctl start failed: no free port after 5 attempts");
  } catch (e) {
    remove();
    throw e;
  }
}

/** A self-signed certificate (default CN=localhost, SANs localhost and 127.0.0.1), made with openssl. */
export function selfSignedCert(opts: { cn?: string; days?: number; san?: string } = {}): { certPem: string; keyPem: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-cert-"));
  try {
    const key = path.join(dir, "key.pem");
    const cert = path.join(dir, "cert.pem");
    const r = spawnSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
        "-days", String(opts.days ?? 365), "-subj", `/CN=${opts.cn ?? "localhost"}`,
        "-addext", `subjectAltName=${opts.san ?? "DNS:localhost,IP:127.0.0.1"}`,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`openssl req failed: ${r.error?.message ?? r.stderr}`);
    return { certPem: fs.readFileSync(cert, "utf8"), keyPem: fs.readFileSync(key, "utf8") };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
