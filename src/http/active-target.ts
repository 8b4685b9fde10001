// Active mode's target guard: attack payloads and writes go without further ceremony only to loopback and
// private addresses (a developer's machine, a staging network). Any other target must be named again
// with --confirm-target, so a typo or a copied production URL cannot receive them.
import { lookup } from "node:dns/promises";
import net from "node:net";

/** Loopback and private ranges (RFC 1918, RFC 4193 unique-local, RFC 6598 shared address space). */
export const PRIVATE_RANGES: readonly { cidr: string; label: string }[] = [
  { cidr: "127.0.0.0/8", label: "loopback" },
  { cidr: "::1/128", label: "loopback" },
  { cidr: "10.0.0.0/8", label: "private" },
  { cidr: "172.16.0.0/12", label: "private" },
  { cidr: "192.168.0.0/16", label: "private" },
  { cidr: "100.64.0.0/10", label: "shared (carrier-grade NAT)" },
  { cidr: "fc00::/7", label: "unique-local" },
];

const RANGES = PRIVATE_RANGES.map((r) => {
  const [address = "", bits = ""] = r.cidr.split("/");
  const family = net.isIPv4(address) ? "ipv4" : "ipv6";
  const list = new net.BlockList();
  list.addSubnet(address, Number(bits), family);
  return { ...r, list, family };
});

/** `::ffff:10.0.0.1` is judged as 10.0.0.1. */
function plain(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m?.[1] ?? address;
}

/** The range label of a loopback/private address, or null for any other address. */
export function privateRange(address: string): string | null {
  const a = plain(address.replace(/^\[|\]$/g, ""));
  const version = net.isIP(a);
  if (!version) return null;
  const family = version === 4 ? "ipv4" : "ipv6";
  return RANGES.find((r) => r.family === family && r.list.check(a, family))?.label ?? null;
}

/** Where the scan was asked for: each names its own setting in the refusal. */
export type ConfirmSurface = "cli" | "action" | "mcp";

/** How each surface spells active mode and the confirmation a refused host needs. */
export const CONFIRM_WORDING: Record<ConfirmSurface, { mode: string; confirm: (host: string) => string }> = {
  cli: { mode: "--mode active", confirm: (host) => `add --confirm-target ${host}` },
  action: { mode: "mode: active", confirm: (host) => `add the input confirm-target: ${host}` },
  mcp: { mode: 'mode "active"', confirm: (host) => `pass the argument confirmTarget: ["${host}"]` },
};

export type AddressResolver = (host: string) => Promise<string[]>;

const resolveAll: AddressResolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Why an active scan of `host` needs confirming (`--confirm-target <host>` on the command line, as
 * `surface` spells it elsewhere), or null when it may go ahead: the host
 * is (or resolves only to) loopback/private addresses, or the user named it. `pinned` is the address the
 * scan will connect to when already vetted (the server's target guard).
 */
export async function activeTargetRefusal(
  host: string,
  confirmed: readonly string[],
  opts: { pinned?: string; resolve?: AddressResolver; surface?: ConfirmSurface } = {},
): Promise<string | null> {
  const name = host.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (confirmed.some((c) => c.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "") === name)) return null;
  if (name === "localhost" || name.endsWith(".localhost")) return null;
  let addresses: string[];
  if (opts.pinned) addresses = [opts.pinned];
  else if (net.isIP(name)) addresses = [name];
  else {
    try {
      addresses = await (opts.resolve ?? resolveAll)(name);
    } catch {
      addresses = [];
    }
  }
  const outside = addresses.filter((a) => privateRange(a) === null);
  if (addresses.length > 0 && outside.length === 0) return null;
  const why = addresses.length === 0 ? "does not resolve here" : `is ${outside[0]}, outside loopback and private ranges`;
  const wording = CONFIRM_WORDING[opts.surface ?? "cli"];
  return `${wording.mode} sends attack payloads and writes; ${host} ${why}: ${wording.confirm(host)} to scan it actively`;
}
