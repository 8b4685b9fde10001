// Origins that defeat real CORS allow-lists: look-alikes of the API's own names (suffix and prefix
// matching, an unescaped dot in a regex), a sibling subdomain, and the plaintext scheme of the same host.
// Every host here is under a name Rampart owns or the API's own domain; none is ever contacted.
import type { CheckContext } from "../../core/check.js";

export interface OriginVariant {
  kind: "suffix" | "prefix" | "regex-dot" | "sibling" | "plaintext";
  origin: string;
  /** The allow-list mistake the origin exploits. */
  why: string;
  /** Trusting it is a flaw of this weight (sibling and plaintext origins are a smaller risk). */
  weight: "lookalike" | "weaker";
}

const PROBE_DOMAIN = "rampart-probe.example";
const IP = /^(?:\d{1,3}\.){3}\d{1,3}$|:/;

/** The API's names: the target host, then non-IP hosts of the spec's servers (at most `max`). */
export function apiNames(ctx: Pick<CheckContext, "target" | "api">, max = 2): string[] {
  const out = new Set<string>([ctx.target.host.toLowerCase()]);
  for (const s of ctx.api?.servers ?? []) {
    try {
      const host = new URL(s).hostname.toLowerCase();
      if (host && !IP.test(host)) out.add(host);
    } catch {
      // relative server URLs are the target itself
    }
  }
  // Named hosts say more about an allow-list than a loopback address does.
  return [...out].sort((a, b) => Number(IP.test(a)) - Number(IP.test(b))).slice(0, max);
}

/** `api.shop.example` → `shop.example` (last two labels; enough for look-alikes). */
function parentDomain(host: string): string | null {
  const labels = host.split(".");
  return labels.length >= 2 ? labels.slice(-2).join(".") : null;
}

/** The variants for one API name, most telling first. */
export function originVariants(name: string, target: Pick<CheckContext["target"], "protocol" | "host" | "port">): OriginVariant[] {
  const out: OriginVariant[] = [{ kind: "suffix", origin: `https://${name}.${PROBE_DOMAIN}`, why: "prefix match (`startsWith`) on the allowed host", weight: "lookalike" }];
  const ip = IP.test(name);
  const parent = ip ? null : parentDomain(name);
  if (parent) out.push({ kind: "prefix", origin: `https://rampart${parent}`, why: "suffix match (`endsWith`) without a leading dot", weight: "lookalike" });
  if (!ip && name.includes(".")) out.push({ kind: "regex-dot", origin: `https://${name.replace(".", "x")}`, why: "unescaped `.` in an allow-list regular expression", weight: "lookalike" });
  if (parent && parent !== name) out.push({ kind: "sibling", origin: `https://rampart-probe.${parent}`, why: "any subdomain trusted (a takeover or XSS there reads the API)", weight: "weaker" });
  const port = name === target.host && target.port !== 80 && target.port !== 443 ? `:${target.port}` : "";
  if (target.protocol === "https:" || name !== target.host) out.push({ kind: "plaintext", origin: `http://${name}${port}`, why: "the plaintext origin trusted (a network attacker injects script there)", weight: "weaker" });
  return out;
}

/** Every variant to try, bounded, without repeats. */
export function lookalikeOrigins(ctx: Pick<CheckContext, "target" | "api">, max: number): OriginVariant[] {
  const seen = new Set<string>();
  const out: OriginVariant[] = [];
  for (const name of apiNames(ctx)) {
    for (const v of originVariants(name, ctx.target)) {
      if (seen.has(v.origin)) continue;
      seen.add(v.origin);
      out.push(v);
    }
  }
  return out.slice(0, max);
}
