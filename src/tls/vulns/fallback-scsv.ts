// TLS_FALLBACK_SCSV (RFC 7507): a hello at a lower version than the server's best, marked as a
// fallback, must be refused with inappropriate_fallback. Otherwise an attacker who breaks the first
// handshake can walk the client down to the weakest version both still speak.
import { buildClientHello } from "../client-hello.js";
import { exchange } from "../connection.js";
import type { ProbeContext } from "../prober.js";
import { PROTOCOLS, PROTOCOL_NAMES, type ProtocolName } from "../versions.js";
import { verdict, type VulnerabilityResult } from "./catalog.js";

const INAPPROPRIATE_FALLBACK = 86;

export async function testFallbackScsv(
  ctx: ProbeContext,
  supported: readonly ProtocolName[],
  suitesAt: (p: ProtocolName) => readonly number[],
): Promise<VulnerabilityResult> {
  const tls = PROTOCOL_NAMES.filter((p) => p !== "SSLv2" && supported.includes(p));
  const best = tls[tls.length - 1];
  const lower = tls[tls.length - 2];
  if (!best || !lower) return verdict("fallback-scsv", "not-applicable", `only ${best ?? "SSLv2"} offered: there is no lower version to fall back to`);
  const hello = buildClientHello({ version: PROTOCOLS[lower].wire, suites: suitesAt(lower), servername: ctx.servername, fallbackScsv: true });
  const { flight, failure } = await ctx.limit.run(() => exchange(ctx, hello, "hello"));
  if (failure) {
    if (failure.kind === "closed" || failure.kind === "reset") return verdict("fallback-scsv", "not-vulnerable", `a ${lower} fallback hello was refused (${failure.message}), not with inappropriate_fallback`);
    return verdict("fallback-scsv", "unknown", `the ${lower} fallback hello failed (${failure.message})`);
  }
  if (flight?.alert) {
    if (flight.alert.description === INAPPROPRIATE_FALLBACK) return verdict("fallback-scsv", "not-vulnerable", `a ${lower} hello with TLS_FALLBACK_SCSV is refused with inappropriate_fallback (best: ${best})`);
    return verdict("fallback-scsv", "not-vulnerable", `a ${lower} fallback hello was refused with ${flight.alert.name} instead of inappropriate_fallback`);
  }
  const sh = flight?.serverHello;
  if (sh && sh.version < PROTOCOLS[best].wire) {
    return verdict("fallback-scsv", "vulnerable", `a ${lower} hello carrying TLS_FALLBACK_SCSV was accepted although the server supports ${best}`);
  }
  return verdict("fallback-scsv", "unknown", `unexpected answer to a ${lower} fallback hello`);
}
