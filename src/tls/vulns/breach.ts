// BREACH hint: one GET / over TLS asking for compressed content. HTTP compression of a response that
// reflects input and carries a secret (a CSRF token, a session value) lets an attacker recover the
// secret byte by byte from response sizes; a compressed "/" is the hint, the scan's own responses the proof.
import tls from "node:tls";
import { USER_AGENT } from "../../core/version.js";
import type { Endpoint } from "../connection.js";
import { nodeTlsErrorText } from "../node-tls-error.js";
import { verdict, type VulnerabilityResult } from "./catalog.js";
import { patienceMs } from "./patience.js";

const MAX_HEAD = 16 * 1024;
const STATUS_PREFIX = "HTTP/";

export function testBreach(ep: Endpoint, servername: string | null, hostHeader: string): Promise<VulnerabilityResult> {
  return new Promise((resolve) => {
    let head = "";
    let settled = false;
    let silence: NodeJS.Timeout | undefined;
    const started = performance.now();
    const socket = tls.connect({
      host: ep.host,
      port: ep.port,
      ...(servername ? { servername } : {}),
      rejectUnauthorized: false,
      minVersion: "TLSv1",
      ciphers: "ALL:@SECLEVEL=0",
    });
    const finish = (v: VulnerabilityResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(silence);
      ep.signal?.removeEventListener("abort", onAbort);
      socket.removeAllListeners();
      socket.on("error", () => undefined);
      socket.destroy();
      resolve(v);
    };
    const judge = (): void => {
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (!status) return finish(verdict("breach", "not-applicable", head ? "the service does not answer HTTP" : "no HTTP answer to GET /"));
      const encoding = /\r\ncontent-encoding:[ \t]*([^\r\n]*)/i.exec(head)?.[1]?.trim().toLowerCase() ?? "";
      if (encoding && encoding !== "identity") {
        return finish(verdict("breach", "vulnerable", `GET / (HTTP ${status[1]}) is served with Content-Encoding: ${encoding}; only / was tested: it matters where a compressed response reflects input and carries a secret`));
      }
      finish(verdict("breach", "not-vulnerable", `GET / (HTTP ${status[1]}) is not compressed (only / was tested)`));
    };
    const onAbort = (): void => finish(verdict("breach", "unknown", "aborted"));
    const timer = setTimeout(() => (head ? judge() : finish(verdict("breach", "not-applicable", `no HTTP answer to GET / within ${ep.timeoutMs} ms`))), ep.timeoutMs);
    if (ep.signal?.aborted) return onAbort();
    ep.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("secureConnect", () => {
      const sent = performance.now();
      const graceMs = patienceMs("httpAnswer", sent - started, ep.timeoutMs);
      silence = setTimeout(() => head || finish(verdict("breach", "not-applicable", `no HTTP answer to GET / within ${graceMs} ms`)), graceMs);
      socket.write(`GET / HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${USER_AGENT}\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n`);
    });
    socket.on("data", (d: Buffer) => {
      head += d.toString("latin1");
      // A service that is not HTTP may keep the connection open for more input: judge from its first bytes.
      const notHttp = !head.startsWith(STATUS_PREFIX.slice(0, head.length));
      if (notHttp || head.includes("\r\n\r\n") || head.length > MAX_HEAD) judge();
    });
    socket.on("error", (e: Error) => (head ? judge() : finish(verdict("breach", "unknown", `GET / failed: ${nodeTlsErrorText(e)}`))));
    socket.on("close", () => (head ? judge() : finish(verdict("breach", "not-applicable", "the connection closed without an HTTP answer to GET /"))));
  });
}
