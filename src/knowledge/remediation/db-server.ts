// Server-side database transport hardening, per product: refuse plaintext, serve a proper certificate.
import type { Database, Snippet } from "./types.js";

export const DB_SERVER_TLS: Record<Database, Snippet> = {
  postgresql: {
    summary: "Turn on TLS in PostgreSQL and refuse unencrypted connections in pg_hba.conf.",
    steps: [
      "postgresql.conf: ssl = on with a certificate whose SAN lists every host name clients use; ssl_min_protocol_version = 'TLSv1.2' and a forward-secret ssl_ciphers list.",
      "pg_hba.conf: `hostnossl all all 0.0.0.0/0 reject` (and ::/0) first, then `hostssl … scram-sha-256` lines only.",
      "Reload (SELECT pg_reload_conf()) and confirm with `rampart db host:5432`.",
    ],
    code: `# postgresql.conf
ssl = on
ssl_cert_file = '/etc/postgresql/tls/server.crt'
ssl_key_file = '/etc/postgresql/tls/server.key'
ssl_min_protocol_version = 'TLSv1.2'
ssl_ciphers = 'ECDHE+AESGCM:ECDHE+CHACHA20'   # forward secrecy only (TLS 1.3 suites are always fine)
password_encryption = scram-sha-256

# pg_hba.conf — order matters: the reject lines come first
hostnossl all all 0.0.0.0/0 reject
hostnossl all all ::/0      reject
hostssl   all all 10.0.0.0/8 scram-sha-256`,
  },
  cockroachdb: {
    summary: "Run CockroachDB in secure mode: node and client certificates from a cluster CA, never --insecure.",
    steps: [
      "Create a CA and node certificates whose SANs cover every address clients and nodes use.",
      "Start every node with --certs-dir and without --insecure or --accept-sql-without-tls.",
      "Give applications the CA (sslrootcert) and connect with sslmode=verify-full.",
    ],
    code: `cockroach cert create-ca --certs-dir=certs --ca-key=safe/ca.key
cockroach cert create-node cockroachdb.internal localhost 127.0.0.1 --certs-dir=certs --ca-key=safe/ca.key
cockroach cert create-client root --certs-dir=certs --ca-key=safe/ca.key
cockroach start --certs-dir=certs --advertise-addr=cockroachdb.internal --join=… # no --insecure`,
  },
  mysql: {
    summary: "Require TLS on the MySQL server for every connection.",
    steps: ["my.cnf: require_secure_transport = ON, TLS 1.2+ only, the server certificate and key.", "Per account: ALTER USER … REQUIRE SSL."],
    code: `[mysqld]
require_secure_transport = ON
tls_version = TLSv1.2,TLSv1.3
ssl_ca = /etc/mysql/tls/ca.pem
ssl_cert = /etc/mysql/tls/server.crt
ssl_key = /etc/mysql/tls/server.key`,
  },
  mongodb: {
    summary: "Set net.tls.mode to requireTLS on every mongod/mongos.",
    steps: ["mongod.conf: requireTLS with the server certificate, the CA, and TLS 1.0/1.1 disabled."],
    code: `net:
  tls:
    mode: requireTLS
    certificateKeyFile: /etc/mongodb/tls/server.pem
    CAFile: /etc/mongodb/tls/ca.pem
    disabledProtocols: TLS1_0,TLS1_1`,
  },
  redis: {
    summary: "Serve Redis only over TLS: close the plaintext port and open tls-port.",
    steps: ["redis.conf: port 0, tls-port, certificate, key and CA; TLS 1.2+ only."],
    code: `port 0
tls-port 6380
tls-cert-file /etc/redis/tls/redis.crt
tls-key-file /etc/redis/tls/redis.key
tls-ca-cert-file /etc/redis/tls/ca.crt
tls-protocols "TLSv1.2 TLSv1.3"`,
  },
};
