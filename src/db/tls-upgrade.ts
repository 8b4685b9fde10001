// After the server answered 'S' to SSLRequest: a real handshake with node:tls on the same socket, to read
// the negotiated protocol and cipher and the certificate chain. Trust is judged, never enforced here.
import net from "node:net";
import tls from "node:tls";

export interface DbTlsSession {
  protocol: string | null;
  cipher: { name: string; standardName: string; version: string } | null;
  /** Certificates as the handshake reports them, leaf first (PEM). */
  chainPem: string[];
  /** Chain anchored in the system store or the user's --ca. */
  authorized: boolean;
  authorizationError: string | null;
  /** Why the certificate does not match the host name/IP, or null when it does. */
  hostnameError: string | null;
}

export interface UpgradeOptions {
  timeoutMs: number;
  caPem?: string | null;
  signal?: AbortSignal;
}

/** Upgrades a connected socket to TLS; resolves with the TLS socket and what the handshake showed. */
export function upgradeToTls(
  raw: net.Socket,
  host: string,
  opts: UpgradeOptions,
): Promise<{ socket: tls.TLSSocket; session: DbTlsSession }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      socket: raw,
      servername: net.isIP(host) ? undefined : host,
      rejectUnauthorized: false,
      ca: opts.caPem ? [...tls.rootCertificates, opts.caPem] : undefined,
      // Accept whatever the server speaks: the point is to see it, not to trust it.
      minVersion: "TLSv1",
      ciphers: "DEFAULT:@SECLEVEL=0",
    });
    const timer = setTimeout(() => fail(new Error(`TLS handshake timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    const onAbort = () => fail(new Error("aborted"));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    function cleanup() {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      socket.removeListener("error", fail);
    }
    function fail(e: Error) {
      cleanup();
      socket.on("error", () => undefined);
      socket.destroy();
      reject(new Error(`TLS handshake failed: ${e.message}`));
    }
    socket.once("error", fail);
    socket.once("secureConnect", () => {
      cleanup();
      const peer = socket.getPeerCertificate(true);
      const cipher = socket.getCipher();
      const hostErr = peer && peer.raw ? tls.checkServerIdentity(host, peer) : new Error("no certificate");
      resolve({
        socket,
        session: {
          protocol: socket.getProtocol(),
          cipher: cipher ? { name: cipher.name, standardName: cipher.standardName, version: cipher.version } : null,
          chainPem: chainToPem(peer),
          authorized: socket.authorized,
          authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
          hostnameError: hostErr ? hostErr.message : null,
        },
      });
    });
  });
}

function chainToPem(leaf: tls.DetailedPeerCertificate | undefined): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cur: tls.DetailedPeerCertificate | undefined = leaf;
  while (cur && cur.raw && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    out.push(derToPem(cur.raw));
    cur = cur.issuerCertificate;
  }
  return out;
}

export function derToPem(der: Buffer): string {
  const b64 = der.toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}
