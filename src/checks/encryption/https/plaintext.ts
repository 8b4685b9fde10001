// The plaintext origins of the target host (port 80 and every same-host http:// server in the spec),
// fetched once per scan without credentials and without following redirects; shared by two checks.
import type { CheckContext } from "../../../core/check.js";
import type { Exchange } from "../../../core/types.js";
import { servedAt } from "./_transport.js";

const MEMO_KEY = "encryption:plaintext-probes";

export function plaintextOrigins(ctx: Pick<CheckContext, "api" | "target" | "settings">): string[] {
  // With --transport-from, the declared origin's host is where clients connect in plaintext by mistake.
  const host = servedAt(ctx).host;
  const out = new Set<string>([`http://${host.includes(":") ? `[${host}]` : host}/`]);
  for (const s of ctx.api?.servers ?? []) {
    try {
      const u = new URL(s);
      if (u.protocol === "http:" && u.hostname === host) out.add(`${u.origin}${u.pathname}`);
    } catch {
      // relative server URLs are the target itself
    }
  }
  return [...out];
}

export function probePlaintext(ctx: CheckContext): Promise<Exchange[]> {
  let p = ctx.shared.get(MEMO_KEY) as Promise<Exchange[]> | undefined;
  if (!p) {
    p = Promise.all(plaintextOrigins(ctx).map((url) => ctx.http.send({ url, identity: null, followRedirects: false })));
    ctx.shared.set(MEMO_KEY, p);
  }
  return p;
}

export type PlaintextVerdict = "no-listener" | "redirect-ok" | "redirect-insecure" | "served" | "refused";

export function judgePlaintext(ex: Exchange, targetHost: string): { verdict: PlaintextVerdict; detail: string } {
  if (!ex.response) return { verdict: "no-listener", detail: ex.error ?? "no response" };
  const { status, headers } = ex.response;
  if (status >= 300 && status < 400) {
    const loc = headers["location"] ?? "";
    let to: URL | null = null;
    try {
      to = new URL(loc, ex.request.url);
    } catch {
      to = null;
    }
    if (!to) return { verdict: "redirect-insecure", detail: `${status} with an unusable Location '${loc}'` };
    if (to.protocol !== "https:") return { verdict: "redirect-insecure", detail: `${status} → ${to.href} (still plaintext)` };
    if (to.hostname !== targetHost) return { verdict: "redirect-insecure", detail: `${status} → ${to.href} (another host)` };
    return { verdict: "redirect-ok", detail: `${status} → ${to.href}` };
  }
  if (status >= 200 && status < 300) return { verdict: "served", detail: `${status} ${ex.response.contentType} (${ex.response.size} bytes) over http://` };
  return { verdict: "refused", detail: `${status}` };
}
