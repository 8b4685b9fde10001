// Supported groups by elimination. TLS 1.3: offer groups without key shares, the HelloRetryRequest
// names the group the server wants. TLS ≤ 1.2: offer ECDHE suites, the ServerKeyExchange names the curve.
import { LEGACY_SUITES, TLS13_SUITES } from "./cipher-suites.js";
import { EC_GROUPS, TLS13_GROUPS } from "./groups.js";
import { probeTls, type ProbeContext } from "./prober.js";
import { PROTOCOLS, type ProtocolName } from "./versions.js";

export interface GroupScan {
  groups: number[];
  errors: string[];
}

const ECDHE_SUITES = LEGACY_SUITES.filter((s) => s.kx === "ECDHE").map((s) => s.code);

export async function scanGroups(ctx: ProbeContext, protocol: ProtocolName): Promise<GroupScan> {
  const tls13 = protocol === "TLSv1.3";
  const version = PROTOCOLS[protocol].wire;
  const suites = tls13 ? TLS13_SUITES.map((s) => s.code) : ECDHE_SUITES;
  let remaining = (tls13 ? TLS13_GROUPS : EC_GROUPS).map((g) => g.code);
  const groups: number[] = [];
  const errors: string[] = [];
  while (remaining.length > 0) {
    const o = await probeTls(ctx, { version, suites, groups: remaining, ...(tls13 ? { keyShares: [] } : {}) });
    if (o.status === "rejected") break;
    if (o.status === "failed") {
      errors.push(`${protocol} group scan: ${o.failure.message}`);
      break;
    }
    const kx = o.flight.keyExchange;
    const group = tls13 ? o.hello.group : kx?.kind === "ecdh" ? kx.group : null;
    if (group === null || !remaining.includes(group)) {
      if (group !== null) errors.push(`${protocol} group scan: server chose group ${group}, which was not offered`);
      break;
    }
    groups.push(group);
    remaining = remaining.filter((g) => g !== group);
  }
  return { groups, errors };
}
