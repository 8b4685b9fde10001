// Where the API's transport is judged: the target socket, or the https origin the user declared with
// --transport-from (a local service behind a TLS-terminating proxy is graded where its clients connect).
import type { CheckContext, PlanContext } from "../../../core/check.js";

export interface ServedAt {
  url: string;
  host: string;
  port: number;
  protocol: "http:" | "https:";
  /** True when this is the declared --transport-from origin, not the scanned socket. */
  declared: boolean;
}

export function servedAt(ctx: Pick<CheckContext | PlanContext, "target" | "settings">): ServedAt {
  const t = ctx.settings.transport;
  if (t?.kind === "from") return { url: t.url, host: t.host, port: t.port, protocol: "https:", declared: true };
  return { ...ctx.target, declared: false };
}

/** Whether a recorded URL went where transport is judged: the declared origin (any scheme), else the target's host. */
export function isServedHost(ctx: Pick<CheckContext, "target" | "settings">, url: string): boolean {
  const at = servedAt(ctx);
  const u = new URL(url);
  const host = (h: string) => h.replace(/^\[|\]$/g, "").toLowerCase();
  if (host(u.hostname) !== host(at.host)) return false;
  return !at.declared || u.protocol === "http:" || Number(u.port || 443) === at.port;
}
