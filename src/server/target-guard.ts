// The server's target guard: a scanner that fetches URLs its users submit is an SSRF tool unless every
// target is vetted. Link-local and cloud-metadata addresses are refused always; `--allow-targets` narrows
// further. The host is resolved once here and the scan is pinned to that address (no DNS rebinding);
// redirects and spec `$ref`s cannot leave the pinned origin because the HTTP layer neither follows nor
// resolves anything else.
import { lookup as dnsLookup } from "node:dns/promises";
import net from "node:net";
import { UsageError } from "../core/errors.js";
import { normalizeHostname, type PinnedHosts } from "../http/pinned-lookup.js";

/** Address ranges no submitted scan may reach, whatever --allow-targets says. */
export const REFUSED_RANGES: readonly { cidr: string; reason: string }[] = [
  { cidr: "169.254.0.0/16", reason: "link-local address (cloud metadata services answer at 169.254.169.254)" },
  { cidr: "fe80::/10", reason: "IPv6 link-local address" },
  { cidr: "fd00:ec2::254/128", reason: "AWS instance metadata service (IPv6)" },
  { cidr: "fd00:ec2::253/128", reason: "AWS instance DNS resolver (IPv6)" },
  { cidr: "100.100.100.200/32", reason: "Alibaba Cloud metadata service" },
  { cidr: "168.63.129.16/32", reason: "Azure WireServer (platform agent and metadata channel)" },
  { cidr: "0.0.0.0/8", reason: "unspecified 'this host' address" },
  { cidr: "::/128", reason: "unspecified IPv6 address" },
  { cidr: "224.0.0.0/4", reason: "IPv4 multicast address" },
  { cidr: "255.255.255.255/32", reason: "IPv4 broadcast address" },
  { cidr: "ff00::/8", reason: "IPv6 multicast address" },
];

/** Names of metadata services, refused before any lookup (some resolve only inside the cloud). */
export const REFUSED_HOSTNAMES: readonly { name: string; reason: string }[] = [
  { name: "metadata.google.internal", reason: "Google Cloud metadata server" },
  { name: "metadata.goog", reason: "Google Cloud metadata server" },
  { name: "metadata", reason: "cloud metadata server short name" },
  { name: "instance-data", reason: "AWS instance metadata short name" },
  { name: "instance-data.ec2.internal", reason: "AWS instance metadata service" },
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64); judged by that address too. */
const NAT64_PREFIXES = ["64:ff9b::/96", "64:ff9b:1::/48"];

function parseCidr(cidr: string): { address: string; prefix: number; family: "ipv4" | "ipv6" } | null {
  const [address = "", bits, extra] = cidr.trim().split("/");
  const version = net.isIP(address);
  if (!version || extra !== undefined) return null;
  const max = version === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  if (!/^\d{1,3}$/.test(bits ?? String(max)) || prefix > max) return null;
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
}

function blockListOf(cidrs: readonly string[]): net.BlockList {
  const list = new net.BlockList();
  for (const cidr of cidrs) {
    const c = parseCidr(cidr);
    if (!c) throw new Error(`bad CIDR in table: ${cidr}`);
    list.addSubnet(c.address, c.prefix, c.family);
  }
  return list;
}

const REFUSED = REFUSED_RANGES.map((r) => ({ list: blockListOf([r.cidr]), reason: r.reason, cidr: r.cidr }));
const NAT64 = blockListOf(NAT64_PREFIXES);

/** The 8 hextets of an IPv6 address (dotted-quad tail allowed). */
function hextets(address: string): number[] {
  let text = address.toLowerCase().split("%")[0] ?? "";
  const quad = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (quad?.[1]) {
    const b = quad[1].split(".").map(Number) as [number, number, number, number];
    text = text.slice(0, -quad[1].length) + `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((h) => Number.parseInt(h, 16));
}

function embeddedIpv4(address: string): string | null {
  if (net.isIPv4(address) || !NAT64.check(address, "ipv6")) return null;
  const h = hextets(address);
  const hi = h[6] ?? 0;
  const lo = h[7] ?? 0;
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** Why no scan may connect to this IP address, or null. IPv4-mapped and NAT64 forms are judged as IPv4. */
export function addressRefusal(address: string): string | null {
  const version = net.isIP(address);
  if (!version) return `${address} is not an IP address`;
  const family = version === 4 ? "ipv4" : "ipv6";
  for (const r of REFUSED) if (r.list.check(address, family)) return `${address} is a ${r.reason} (${r.cidr})`;
  const inner = embeddedIpv4(address);
  if (inner) {
    const why = addressRefusal(inner);
    if (why) return `${address} embeds ${why}`;
  }
  return null;
}

/** One `--allow-targets` entry: a CIDR (or single IP) matched against the resolved address, or a host glob. */
export type AllowRule = { kind: "cidr"; text: string; list: net.BlockList } | { kind: "host"; text: string; pattern: RegExp };

const HOST_GLOB = /^[a-z0-9*](?:[a-z0-9*.-]*[a-z0-9*])?$/;

/** Parses `--allow-targets 10.0.0.0/8,*.staging.example.com,api.example.com`; a bad entry is a UsageError. */
export function parseAllowTargets(value: string | readonly string[]): AllowRule[] {
  const entries = (typeof value === "string" ? [value] : value).flatMap((v) => v.split(",")).map((e) => e.trim()).filter(Boolean);
  return entries.map((text) => {
    const cidr = parseCidr(text.replace(/^\[|\]$/g, ""));
    if (cidr) {
      const list = new net.BlockList();
      list.addSubnet(cidr.address, cidr.prefix, cidr.family);
      return { kind: "cidr", text, list };
    }
    const host = normalizeHostname(text);
    if (text.includes("/") || !HOST_GLOB.test(host)) {
      throw new UsageError(`--allow-targets: '${text}' is neither a CIDR (10.0.0.0/8, fd00::/8) nor a host glob (*.example.com)`);
    }
    // `*` stands for one or more whole-label characters; `*.example.com` does not match example.com itself.
    const pattern = new RegExp(`^${host.replace(/[.+?^${}()|[\]\\-]/g, "\\$&").replace(/\*/g, "[a-z0-9-]+(?:\\.[a-z0-9-]+)*")}$`);
    return { kind: "host", text, pattern };
  });
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address a name resolves to. Injected in tests; the default asks the system resolver. */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export interface GuardedTarget {
  /** The target URL as submitted (normalised by URL parsing). */
  url: string;
  hostname: string;
  /** The one address the whole scan connects to. */
  address: string;
  /** For ScanOptions.pinnedHosts. */
  pinnedHosts: PinnedHosts;
}

export type GuardVerdict = { ok: true; target: GuardedTarget } | { ok: false; reason: string };

export interface GuardOptions {
  allow?: readonly AllowRule[];
  resolver?: Resolver;
}

const refuse = (reason: string): GuardVerdict => ({ ok: false, reason });

function allowedBy(rules: readonly AllowRule[], hostname: string, address: string): boolean {
  const family = net.isIPv4(address) ? "ipv4" : "ipv6";
  return rules.some((r) => (r.kind === "cidr" ? r.list.check(address, family) : r.pattern.test(hostname)));
}

/**
 * Vets a submitted target URL: scheme, refused names, every address the name resolves to (one refused
 * address refuses the target, since any of them could be dialled), then the allow-list. The resolver is
 * asked exactly once; the verdict pins the first address for the whole scan.
 */
export async function guardTarget(rawUrl: string, opts: GuardOptions = {}): Promise<GuardVerdict> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(`'${rawUrl}' is not a URL (expected e.g. https://api.example.com)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`scheme ${url.protocol} is not scanned (http: or https: only)`);
  if (url.username || url.password) return refuse("credentials in the target URL are not accepted: store an identity instead");
  const hostname = normalizeHostname(url.hostname);
  const named = REFUSED_HOSTNAMES.find((h) => h.name === hostname);
  if (named) return refuse(`target host ${hostname} is not scanned: ${named.reason}`);

  let addresses: ResolvedAddress[];
  if (net.isIP(hostname)) {
    addresses = [{ address: hostname, family: net.isIPv4(hostname) ? 4 : 6 }];
  } else {
    try {
      addresses = await (opts.resolver ?? systemResolver)(hostname);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return refuse(`target host ${hostname} does not resolve${code ? ` (${code})` : ""}`);
    }
    if (addresses.length === 0) return refuse(`target host ${hostname} does not resolve`);
  }
  for (const a of addresses) {
    const why = addressRefusal(a.address);
    if (why) return refuse(`target host ${hostname} is not scanned: ${why}`);
  }
  const rules = opts.allow ?? [];
  const first = addresses[0] as ResolvedAddress;
  if (rules.length > 0 && !addresses.every((a) => allowedBy(rules, hostname, a.address))) {
    return refuse(`target host ${hostname} (${first.address}) is outside --allow-targets (${rules.map((r) => r.text).join(", ")})`);
  }
  return {
    ok: true,
    target: { url: url.href, hostname, address: first.address, pinnedHosts: net.isIP(hostname) ? {} : { [hostname]: first.address } },
  };
}

/**
 * Why a submitted spec location may not be used with a guarded target, or null. The server reads no
 * local files; a spec URL must be on the target's host (the HTTP layer would refuse any other host anyway).
 */
export function specRefusal(spec: string, target: GuardedTarget): string | null {
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    return "spec must be an http(s) URL on the target's host (the server does not read local files)";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `spec scheme ${url.protocol} is not fetched (http: or https: only)`;
  if (normalizeHostname(url.hostname) !== target.hostname) {
    return `spec host ${url.hostname} is not the target's host (${target.hostname}); serve the spec from the API or omit it`;
  }
  return null;
}

/** The server's hook (`TargetGuard` in context.ts): a verdict per submitted URL, the pin as scan options. */
export function createTargetGuard(opts: GuardOptions = {}) {
  return async (
    url: string,
    role: "target" | "spec",
  ): Promise<{ allowed: true; options?: { pinnedHosts: PinnedHosts } } | { allowed: false; reason: string }> => {
    const verdict = await guardTarget(url, opts);
    if (!verdict.ok) return { allowed: false, reason: verdict.reason };
    // Only the target is pinned: the spec is fetched through the target's pinned connection, and a spec
    // on another host is refused by the HTTP layer's scope rule (its name is never resolved).
    return role === "target" ? { allowed: true, options: { pinnedHosts: verdict.target.pinnedHosts } } : { allowed: true };
  };
}
