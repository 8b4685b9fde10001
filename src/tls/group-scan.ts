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
const CHAINS = { tls13: 4, legacy: 3 };

/**
 * `hint`: groups already seen (TLS 1.3 scan). Each hinted group is then confirmed alone and the rest
 * checked in one hello, all in parallel — the common case (same groups in 1.2 and 1.3) costs one
 * round; any group the hint missed is still found by elimination over the rest.
 */
export async function scanGroups(ctx: ProbeContext, protocol: ProtocolName, hint: readonly number[] = []): Promise<GroupScan> {
  const tls13 = protocol === "TLSv1.3";
  const version = PROTOCOLS[protocol].wire;
  const suites = tls13 ? TLS13_SUITES.map((s) => s.code) : ECDHE_SUITES;
  const candidates = (tls13 ? TLS13_GROUPS : EC_GROUPS).map((g) => g.code);
  const errors: string[] = [];

  /** The group the server picks among `offered`, or null when it refuses them all. */
  const choose = async (offered: number[]): Promise<number | null> => {
    const o = await probeTls(ctx, { version, suites, groups: offered, ...(tls13 ? { keyShares: [] } : {}) });
    if (o.status === "rejected") return null;
    if (o.status === "failed") {
      errors.push(`${protocol} group scan: ${o.failure.message}`);
      return null;
    }
    const kx = o.flight.keyExchange;
    const group = tls13 ? o.hello.group : kx?.kind === "ecdh" ? kx.group : null;
    if (group !== null && !offered.includes(group)) {
      errors.push(`${protocol} group scan: server chose group ${group}, which was not offered`);
      return null;
    }
    return group;
  };
  const chain = async (list: number[]): Promise<number[]> => {
    const found: number[] = [];
    let remaining = list;
    while (remaining.length > 0) {
      const g = await choose(remaining);
      if (g === null) break;
      found.push(g);
      remaining = remaining.filter((x) => x !== g);
    }
    return found;
  };

  const hinted = candidates.filter((g) => hint.includes(g));
  let found: number[];
  if (hinted.length > 0) {
    const rest = candidates.filter((g) => !hinted.includes(g));
    const [singles, others] = await Promise.all([Promise.all(hinted.map((g) => choose([g]))), chain(rest)]);
    found = [...singles.filter((g): g is number => g !== null), ...others];
  } else {
    const n = tls13 ? CHAINS.tls13 : CHAINS.legacy;
    const chunks = Array.from({ length: n }, (_, i) => candidates.filter((_g, j) => j % n === i));
    found = (await Promise.all(chunks.map(chain))).flat();
  }
  return { protocol, groups: candidates.filter((g) => found.includes(g)), errors };
}
