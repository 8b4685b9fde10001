// Cipher-suite enumeration by elimination: offer the candidates, note the suite the server picks,
// drop it, repeat until the server refuses. Costs ≈ one connection per accepted suite plus a few,
// instead of one per registry entry.
import { LEGACY_SUITES, suiteByCode, TLS13_SUITES, unknownSuite } from "./cipher-suites.js";
import { groupByCode } from "./groups.js";
import { probeTls, type HelloOutcome, type ProbeContext, type Sslv2Outcome } from "./prober.js";
import type { KeyExchangeInfo, ServerFlight } from "./server-flight.js";
import type { AcceptedCipher, EphemeralKey, ProtocolCiphers, ProtocolResult } from "./types.js";
import type { ProtocolName } from "./versions.js";
import { PROTOCOLS } from "./versions.js";

/** Client-preference servers: split the candidates over this many parallel elimination chains at most. */
const MAX_CHAINS = 8;
const MIN_CHUNK = 32;

export interface ProtocolScan {
  result: ProtocolResult;
  ciphers: ProtocolCiphers | null;
  /** First full flight seen (its certificate list feeds the analysis when no handshake succeeds). */
  flight: ServerFlight | null;
  secureRenegotiation: boolean | null;
  errors: string[];
  /** Raw outcomes of the first probes, for deciding why a port cannot be audited at all. */
  outcomes: (HelloOutcome | Sslv2Outcome)[];
}

interface Picked {
  code: number;
  key: EphemeralKey | null;
}

/**
 * One protocol version, start to end. Two probes offer every candidate in opposite orders: they
 * detect the version and tell whose preference rules. Server preference: one elimination chain,
 * whose picks come out in the server's order. Client preference: the order carries no information,
 * so the remaining candidates are split over parallel chains. `detected` settles after the first
 * two probes, so other work (group scans) need not wait for the enumeration.
 */
export function scanProtocol(ctx: ProbeContext, protocol: ProtocolName): { detected: Promise<boolean>; done: Promise<ProtocolScan> } {
  const version = PROTOCOLS[protocol].wire;
  const candidates = (version >= 0x0304 ? TLS13_SUITES : LEGACY_SUITES).map((s) => s.code);
  const errors: string[] = [];
  let flight: ServerFlight | null = null;
  let renegotiation: boolean | null = null;
  let complete = true;

  const accept = (o: HelloOutcome): Picked | null => {
    if (o.status !== "accepted") return null;
    if (!flight && o.flight.certificates.length > 0) flight = o.flight;
    renegotiation = (renegotiation ?? false) || o.hello.secureRenegotiation;
    return { code: o.hello.cipher, key: ephemeral(o.flight.keyExchange, o.hello.group) };
  };
  // TLS 1.3 without key shares: the server answers with a HelloRetryRequest that names its suite and
  // group, and skips the key generation and signature a full ServerHello flight would cost it.
  const hello = (suites: readonly number[]) => probeTls(ctx, { version, suites, ...(version >= 0x0304 ? { keyShares: [] } : {}) });
  const pick = async (suites: readonly number[]): Promise<Picked | null> => {
    const o = await hello(suites);
    if (o.status === "failed") {
      errors.push(`${protocol} cipher enumeration: ${o.failure.message}`);
      complete = false;
    }
    return accept(o);
  };
  const eliminate = async (list: readonly number[], found: Picked[] = []): Promise<Picked[]> => {
    let remaining = list.filter((c) => !found.some((p) => p.code === c));
    while (remaining.length > 0) {
      const p = await pick(remaining);
      if (!p) break;
      found.push(p);
      remaining = remaining.filter((c) => c !== p.code);
    }
    return found;
  };

  // TLS 1.2/1.3 are usually on: both orders go out at once. Legacy versions are usually off: the
  // reversed order is asked only after the first hello succeeded, which spares a connection each.
  const forwardHello = hello(candidates);
  const backwardHello = version >= 0x0303 ? hello([...candidates].reverse()) : forwardHello.then((f) => (f.status === "accepted" ? hello([...candidates].reverse()) : f));
  const first = Promise.all([forwardHello, backwardHello]);
  const detected = first.then(([f, b]) => f.status === "accepted" || b.status === "accepted");
  const done = first.then(async ([f, b]): Promise<ProtocolScan> => {
    const outcomes = f === b ? [f] : [f, b];
    const forward = accept(f);
    const backward = accept(b);
    if (!forward && !backward) {
      const result: ProtocolResult =
        f.status === "failed" ? { name: protocol, supported: null, note: f.failure.message } : { name: protocol, supported: false, note: f.status === "rejected" ? f.reason : null };
      return { result, ciphers: null, flight: null, secureRenegotiation: null, errors, outcomes };
    }
    let picked: Picked[];
    let preference: ProtocolCiphers["preference"] = null;
    if (forward && backward && forward.code === backward.code) {
      picked = await eliminate(candidates, [forward]);
      preference = picked.length > 1 ? "server" : null;
    } else if (forward && backward) {
      const rest = candidates.filter((c) => c !== forward.code && c !== backward.code);
      const chains = Math.max(1, Math.min(MAX_CHAINS, Math.ceil(rest.length / MIN_CHUNK)));
      const chunks = Array.from({ length: chains }, (_, i) => rest.filter((_c, j) => j % chains === i));
      const found = (await Promise.all(chunks.map((chunk) => eliminate(chunk)))).flat();
      picked = [forward, backward, ...found].sort((x, y) => x.code - y.code);
      preference = "client";
    } else {
      errors.push(`${protocol} cipher enumeration: the server accepted the suite list in one order and refused it in the other`);
      picked = await eliminate(candidates, [(forward ?? backward) as Picked]);
      complete = false;
    }
    return {
      result: { name: protocol, supported: true, note: null },
      ciphers: { protocol, preference, ciphers: picked.map(describe), complete },
      flight,
      secureRenegotiation: version === 0x0304 ? null : renegotiation,
      errors,
      outcomes,
    };
  });
  return { detected, done };
}

function ephemeral(kx: KeyExchangeInfo | null, tls13Group: number | null): EphemeralKey | null {
  if (kx?.kind === "dh") return { kind: "dh", bits: kx.bits };
  const code = kx?.kind === "ecdh" ? kx.group : tls13Group;
  if (code === null) return null;
  const g = groupByCode(code);
  return g.kind === "ffdhe" ? { kind: "dh", bits: g.bits } : { kind: "ecdh", group: g.name, bits: g.bits };
}

export function describe(p: Picked): AcceptedCipher {
  const s = suiteByCode(p.code) ?? unknownSuite(p.code);
  return {
    code: s.code,
    hex: `0x${s.code.toString(16).padStart(4, "0").toUpperCase()}`,
    name: s.name,
    openssl: s.openssl,
    kx: s.kx,
    au: s.au,
    enc: s.enc,
    bits: s.bits,
    mac: s.mac,
    pfs: s.pfs,
    export: s.export,
    strength: s.strength,
    keyExchange: p.key,
  };
}
