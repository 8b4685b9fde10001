// Raw-socket audits behind ctx.transport: memoised per host:port so several checks share one audit.
import type { Transport } from "../core/check.js";

export type AuditFn<T> = (host: string, port: number) => Promise<T>;

export function createTransport(tls: AuditFn<Awaited<ReturnType<Transport["tls"]>>>, db: AuditFn<Awaited<ReturnType<Transport["db"]>>>): Transport {
  const tlsCache = new Map<string, ReturnType<Transport["tls"]>>();
  const dbCache = new Map<string, ReturnType<Transport["db"]>>();
  return {
    tls(host, port) {
      const key = `${host}:${port}`;
      let p = tlsCache.get(key);
      if (!p) {
        p = tls(host, port);
        tlsCache.set(key, p);
      }
      return p;
    },
    db(host, port) {
      const key = `${host}:${port}`;
      let p = dbCache.get(key);
      if (!p) {
        p = db(host, port);
        dbCache.set(key, p);
      }
      return p;
    },
  };
}
