// Cipher-suite enumeration by elimination: offer the candidates, note the suite the server picks,
// drop it, repeat until the server refuses. Costs ≈ one connection per accepted suite plus a few,
// instead of one per registry entry.
import { suiteByCode, unknownSuite } from "./cipher-suites.js";
import { groupByCode } from "./groups.js";
import { probeTls, type ProbeContext } from "./prober.js";
import type { KeyExchangeInfo, ServerFlight } from "./server-flight.js";
import type { AcceptedCipher, EphemeralKey, ProtocolCiphers } from "./types.js";
import type { ProtocolName } from "./versions.js";
import { PROTOCOLS } from "./versions.js";

/** Client-preference servers: split the candidates over this many parallel elimination chains at most. */
const MAX_CHAINS = 8;
const MIN_CHUNK = 32;

export interface Enumeration {
  result: ProtocolCiphers;
  /** First full flight seen (its certificate list feeds the analysis when no handshake succeeds). */
  flight: ServerFlight | null;
  secureRenegotiation: boolean | null;
  errors: string[];
}

interface Picked {
  code: number;
  key: EphemeralKey | null;
}

/**
 * Two probes with the candidates in opposite orders tell whose preference rules. Server preference:
 * one elimination chain, whose picks come out in the server's order. Client preference: the order
 * carries no information, so the candidates are split over parallel chains.
 */
export async function enumerateCiphers(ctx: ProbeContext, protocol: ProtocolName, candidates: readonly number[]): Promise<Enumeration> {
  const version = PROTOCOLS[protocol].wire;
  const errors: string[] = [];
  let flight: ServerFlight | null = null;
  let secureRenegotiation: boolean | null = null;
  let complete = true;

  const pick = async (suites: readonly number[]): Promise<Picked | null> => {
    const o = await probeTls(ctx, { version, suites });
    if (o.status === "rejected") return null;
    if (o.status === "failed") {
      errors.push(`${protocol} cipher enumeration: ${o.failure.message}`);
      complete = false;
      return null;
    }
    if (!flight && o.flight.certificates.length > 0) flight = o.flight;
    secureRenegotiation = (secureRenegotiation ?? false) || o.hello.secureRenegotiation;
    return { code: o.hello.cipher, key: ephemeral(o.flight.keyExchange, o.hello.group) };
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

  const [forward, backward] = await Promise.all([pick(candidates), pick([...candidates].reverse())]);
  let picked: Picked[] = [];
  let preference: ProtocolCiphers["preference"] = null;
  if (forward && backward && forward.code === backward.code) {
    picked = await eliminate(candidates, [forward]);
    preference = picked.length > 1 ? "server" : null;
  } else if (forward && backward) {
    const known = [forward, backward];
    const rest = candidates.filter((c) => c !== forward.code && c !== backward.code);
    const chains = Math.max(1, Math.min(MAX_CHAINS, Math.ceil(rest.length / MIN_CHUNK)));
    const size = Math.ceil(rest.length / chains);
    const chunks: number[][] = [];
    for (let i = 0; i < rest.length; i += size) chunks.push(rest.slice(i, i + size));
    const found = (await Promise.all(chunks.map((chunk) => eliminate(chunk)))).flat();
    picked = [...known, ...found].sort((a, b) => a.code - b.code);
    preference = "client";
  } else if (forward || backward) {
    errors.push(`${protocol} cipher enumeration: the server accepted a suite list once and refused it reversed`);
    picked = await eliminate(candidates, [(forward ?? backward) as Picked]);
    complete = false;
  }
  return {
    result: { protocol, preference, ciphers: picked.map(describe), complete },
    flight,
    secureRenegotiation: version === 0x0304 ? null : secureRenegotiation,
    errors,
  };
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
