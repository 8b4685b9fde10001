// One real handshake through node:tls to read the certificate chain the server presents — the only
// way to see it under TLS 1.3, where the Certificate message is encrypted. Verification is ours
// (certificate.ts), so the handshake accepts anything and legacy protocols are allowed.
import tls from "node:tls";
import type { Endpoint } from "./connection.js";
import { nodeTlsErrorText } from "./node-tls-error.js";

export type ChainFetch =
  | { ok: true; ders: Buffer[]; protocol: string | null; source: "handshake" | "probe" }
  | { ok: false; error: string };

export function fetchChain(ep: Endpoint, servername: string | null): Promise<ChainFetch> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = tls.connect({
      host: ep.host,
      port: ep.port,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: false,
      minVersion: "TLSv1",
      ciphers: "ALL:@SECLEVEL=0",
    });
    const finish = (r: ChainFetch): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ep.signal?.removeEventListener("abort", onAbort);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(r);
    };
    const onAbort = (): void => finish({ ok: false, error: "aborted" });
    const timer = setTimeout(() => finish({ ok: false, error: `TLS handshake: no answer within ${ep.timeoutMs} ms` }), ep.timeoutMs);
    if (ep.signal?.aborted) return onAbort();
    ep.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("secureConnect", () => {
      const ders: Buffer[] = [];
      const seen = new Set<string>();
      let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      while (cert && cert.raw && !seen.has(cert.fingerprint256)) {
        seen.add(cert.fingerprint256);
        ders.push(cert.raw);
        cert = cert.issuerCertificate;
      }
      if (ders.length === 0) return finish({ ok: false, error: "TLS handshake: the server sent no certificate" });
      finish({ ok: true, ders, protocol: socket.getProtocol(), source: "handshake" });
    });
    socket.on("error", (e: Error) => finish({ ok: false, error: `TLS handshake: ${nodeTlsErrorText(e)}` }));
    socket.on("close", () => finish({ ok: false, error: "TLS handshake: connection closed" }));
  });
}
