// DNS pinning: every socket a guarded scan opens connects to the address its target guard resolved once,
// so a name that answers differently later (DNS rebinding) cannot move the scan to another host.
import type { LookupAddress } from "node:dns";
import net from "node:net";

/** Lower-case host name (no trailing dot) → the IP address vetted for it. */
export type PinnedHosts = Readonly<Record<string, string>>;

export function normalizeHostname(host: string): string {
  return host.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
}

/** The vetted address of a host, the host itself when it is an IP literal, else null (not vetted). */
export function pinnedAddress(pins: PinnedHosts, host: string): string | null {
  const name = normalizeHostname(host);
  if (net.isIP(name)) return name;
  return Object.hasOwn(pins, name) ? (pins[name] as string) : null;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net/tls/undici connect options that answers only from the pins: a name that was not vetted
 * fails with ENOTFOUND instead of being resolved (the resolver is never asked again during a scan).
 */
export function pinnedLookup(pins: PinnedHosts): net.LookupFunction {
  const lookup = (hostname: string, options: { all?: boolean } | number | null | undefined, callback: LookupCallback): void => {
    const address = pinnedAddress(pins, hostname);
    if (address === null) {
      const err: NodeJS.ErrnoException = new Error(`${hostname} was not vetted by the target guard; the scan does not resolve other names`);
      err.code = "ENOTFOUND";
      process.nextTick(callback, err, "", 0);
      return;
    }
    const family = net.isIP(address);
    const all = typeof options === "object" && options !== null && options.all === true;
    if (all) process.nextTick(callback, null, [{ address, family }]);
    else process.nextTick(callback, null, address, family);
  };
  return lookup as unknown as net.LookupFunction;
}
