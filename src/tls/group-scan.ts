// Supported groups by elimination. TLS 1.3: offer groups without key shares, the HelloRetryRequest
// names the group the server wants. TLS ≤ 1.2: offer ECDHE suites, the ServerKeyExchange names the
// curve. Candidates are dealt round-robin (most common first) over a few parallel chains, so the
// groups a server is likely to support do not queue up in one chain.
import { LEGACY_SUITES, TLS13_SUITES } from "./cipher-suites.js";
import { EC_GROUPS, TLS13_GROUPS } from "./groups.js";
import { probeTls, type ProbeContext } from "./prober.js";
import { PROTOCOLS, type ProtocolName } from "./versions.js";

export interface GroupScan {
  protocol: ProtocolName;
  groups: number[];
  errors: string[];
}

const ECDHE_SUITES = LEGACY_SUITES.filter((s) => s.kx === "ECDHE").map((s) => s.code);
/** HelloRetryRequests cost the server nothing, ServerKeyExchanges cost a signature: fewer chains there. */
const CHAINS = { tls13: 6, legacy: 3 };

export async function scanGroups(ctx: ProbeContext, protocol: ProtocolName): Promise<GroupScan> {
  const tls13 = protocol === "TLSv1.3";
  const version = PROTOCOLS[protocol].wire;
  const suites = tls13 ? TLS13_SUITES.map((s) => s.code) : ECDHE_SUITES;
  const candidates = (tls13 ? TLS13_GROUPS : EC_GROUPS).map((g) => g.code);
  const errors: string[] = [];

  const chain = async (list: number[]): Promise<number[]> => {
    const found: number[] = [];
    let remaining = list;
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
      found.push(group);
      remaining = remaining.filter((g) => g !== group);
    }
    return found;
  };

  const n = tls13 ? CHAINS.tls13 : CHAINS.legacy;
  const chunks = Array.from({ length: n }, (_, i) => candidates.filter((_g, j) => j % n === i));
  const found = new Set((await Promise.all(chunks.map(chain))).flat());
  return { protocol, groups: candidates.filter((g) => found.has(g)), errors };
}
