// Where the API's transport is judged: the target socket, or the https origin the user declared with
// --transport-from (a local service behind a TLS-terminating proxy is graded where its clients connect).
import type { CheckContext, PlanContext } from "../../../core/check.js";
import { parsedUrl } from "../../../patterns/memo.js";

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

const bareHost = (h: string) => h.replace(/^\[|\]$/g, "").toLowerCase();

/** Where transport is judged, with its bare host, for the target and settings asked last (one scan's). */
let lastServed: { target: object; settings: object; at: ServedAt; host: string } | null = null;

let lastHostname: string | null = null;
let lastBareHost = "";

/** Whether a recorded URL went where transport is judged: the declared origin (any scheme), else the target's host. */
export function isServedHost(ctx: Pick<CheckContext, "target" | "settings">, url: string): boolean {
  // Asked by several analyzers of every exchange: the served origin is worked out once per scan.
  if (lastServed?.target !== ctx.target || lastServed.settings !== ctx.settings) {
    const at = servedAt(ctx);
    lastServed = { target: ctx.target, settings: ctx.settings, at, host: bareHost(at.host) };
  }
  const { at, host } = lastServed;
  const u = parsedUrl(url);
  if (!u) throw new TypeError("Invalid URL");
  const hostname = u.hostname;
  // Every exchange of a scan has one of a few hosts: the bare form of the last one is kept.
  if (hostname !== lastHostname) {
    lastBareHost = bareHost(hostname);
    lastHostname = hostname;
  }
  if (lastBareHost !== host) return false;
  return !at.declared || u.protocol === "http:" || Number(u.port || 443) === at.port;
}
