// Every named vulnerability test of one endpoint, in parallel under the audit's connection limit, each
// skipped with its reason when its precondition is absent (no SSLv3 → POODLE not applicable, no RSA key
// exchange → ROBOT not applicable …). Returns the verdicts in catalog order plus the stapling and SCT
// facts the probes saw on the way.
import type { ProbeContext } from "../prober.js";
import { protocolByWire, type ProtocolName } from "../versions.js";
import { testBreach } from "./breach.js";
import { VULNERABILITY_IDS, verdict, type VulnerabilityId, type VulnerabilityResult } from "./catalog.js";
import { testCcsInjection } from "./ccs-injection.js";
import { derivedVerdicts, type ScanFacts } from "./derived.js";
import { probeExtensions, type ExtensionProbe } from "./extension-probe.js";
import { testFallbackScsv } from "./fallback-scsv.js";
import { fullHandshake, type HandshakeFacts } from "./handshakes.js";
import { testRobot } from "./robot.js";
import { testTicketbleed } from "./ticketbleed.js";

export { VULNERABILITIES, VULNERABILITY_IDS, type VulnerabilityId, type VulnerabilityResult, type VulnerabilityStatus } from "./catalog.js";
export type { ScanFacts } from "./derived.js";

export interface VulnerabilityOptions {
  /** Send one GET / for the BREACH hint (HTTPS endpoints; not for a database's TLS). */
  http: boolean;
  /** Host header for that GET. */
  hostHeader: string;
  /** The audit's other probes. The renegotiation test waits for them: a server that serves one connection
   *  at a time may stall after refusing a renegotiation (`openssl s_server` sleeps a second), and every
   *  connection queued behind it would wait too. */
  othersDone?: Promise<unknown>;
}

export interface VulnerabilityScan {
  results: VulnerabilityResult[];
  /** Stapled OCSP response seen in any handshake (DER), or null. */
  ocspResponse: Buffer | null;
  /** Whether a stapling-capable handshake could be made at all (false: unknown). */
  staplingChecked: boolean;
  /** SCTs delivered in the TLS extension; null when no TLS ≤ 1.2 hello could ask for them. */
  tlsScts: Buffer | null;
  /** The hello that asks for SCTs and a staple was answered. */
  extensionsProbed: boolean;
  errors: string[];
}

/** Renegotiations attempted: a limit of three (Node's default) must show as a limit. */
const RENEGOTIATIONS = 4;
const LEGACY_ORDER: readonly ProtocolName[] = ["TLSv1.2", "TLSv1.1", "TLSv1.0", "SSLv3"];

export async function runVulnerabilityTests(ctx: ProbeContext, facts: ScanFacts, o: VulnerabilityOptions): Promise<VulnerabilityScan> {
  const suitesAt = (p: ProtocolName): number[] => facts.ciphers.find((c) => c.protocol === p)?.ciphers.map((c) => c.code) ?? [];
  const legacy = LEGACY_ORDER.find((p) => facts.protocols.includes(p) && suitesAt(p).length > 0) ?? null;
  const nodeLegacy = legacy && legacy !== "SSLv3" ? legacy : null;
  const tls13 = facts.protocols.includes("TLSv1.3");
  const rsa = LEGACY_ORDER.map((p) => ({ p, suites: (facts.ciphers.find((c) => c.protocol === p)?.ciphers ?? []).filter((c) => c.kx === "RSA").map((c) => c.code) }))
    .find((x) => facts.protocols.includes(x.p) && x.suites.length > 0);
  // Waits for answers that a safe server may never give (heartbeat echo, ROBOT without Finished).
  const waitMs = Math.min(ctx.timeoutMs, 2000);
  const ticketWaitMs = Math.min(ctx.timeoutMs, 1000);
  const noLegacy = "no TLS ≤ 1.2 protocol with an accepted suite (TLS 1.3 only)";

  const ext: Promise<ExtensionProbe | null> = legacy ? probeExtensions(ctx, legacy, suitesAt(legacy), waitMs) : Promise.resolve(null);
  const ccs = legacy ? testCcsInjection(ctx, legacy, suitesAt(legacy), waitMs) : Promise.resolve(verdict("ccs-injection", "not-applicable", noLegacy));
  const robot = rsa ? testRobot(ctx, rsa.p, rsa.suites, waitMs) : Promise.resolve(verdict("robot", "not-applicable", "no RSA key-exchange suite accepted"));
  const fallback = testFallbackScsv(ctx, facts.protocols, suitesAt);
  const hsLegacy: Promise<HandshakeFacts | null> = nodeLegacy
    ? ctx.limit.run(() => fullHandshake(ctx, { servername: ctx.servername, version: "TLSv1.2", ticketWaitMs }))
    : Promise.resolve(null);
  const hs13: Promise<HandshakeFacts | null> = tls13
    ? ctx.limit.run(() => fullHandshake(ctx, { servername: ctx.servername, version: "TLSv1.3", ticketWaitMs }))
    : Promise.resolve(null);
  const ticketbleed = hsLegacy.then((hs) => {
    if (!hs) return verdict("ticketbleed", "not-applicable", legacy === "SSLv3" ? "SSLv3 only below TLS 1.3: session tickets need TLS" : noLegacy);
    if (!hs.ok) return verdict("ticketbleed", "unknown", `no full handshake to obtain a session ticket (${hs.error ?? "failed"})`);
    const ticket = hs.session?.ticket;
    const p = hs.protocol ? protocolByWire(wireOf(hs.protocol)) : null;
    if (!ticket || !ticket.length || !p) return verdict("ticketbleed", "not-applicable", "the server issues no TLS ≤ 1.2 session ticket");
    return testTicketbleed(ctx, p, suitesAt(p), ticket);
  });
  const breach = o.http ? ctx.limit.run(() => testBreach(ctx, ctx.servername, o.hostHeader)) : Promise.resolve(verdict("breach", "not-applicable", "not an HTTP service"));

  const [e, c, r, f, hl, h3, tb, b] = await Promise.all([ext, ccs, robot, fallback, hsLegacy, hs13, ticketbleed, breach]);
  // Last, on a connection of its own (see othersDone).
  await o.othersDone;
  const reneg = hl?.ok
    ? await ctx.limit.run(() => fullHandshake(ctx, { servername: ctx.servername, version: "TLSv1.2", renegotiations: RENEGOTIATIONS, ticketWaitMs: 0 }))
    : hl;
  const errors: string[] = [];
  if (e?.error) errors.push(e.error);
  const found = new Map<VulnerabilityId, VulnerabilityResult>();
  for (const v of derivedVerdicts(facts)) found.set(v.id, v);
  for (const v of [c, r, f, tb, b]) found.set(v.id, v);
  found.set("crime", e?.crime ?? verdict("crime", "not-applicable", noLegacy));
  found.set("heartbleed", e?.heartbleed ?? verdict("heartbleed", "not-applicable", noLegacy));
  found.set("client-renegotiation", renegotiationVerdict(reneg, legacy));
  found.set("early-data", earlyDataVerdict(h3, tls13));
  return {
    results: VULNERABILITY_IDS.map((id) => found.get(id) ?? verdict(id, "unknown", "not run")),
    ocspResponse: e?.ocspResponse ?? hl?.ocspResponse ?? h3?.ocspResponse ?? null,
    staplingChecked: Boolean(e && !e.error) || Boolean(hl?.ok) || Boolean(h3?.ok),
    tlsScts: e?.sctList ?? null,
    extensionsProbed: Boolean(e && !e.error),
    errors,
  };
}

function wireOf(protocol: string): number {
  return { TLSv1: 0x0301, "TLSv1.1": 0x0302, "TLSv1.2": 0x0303, "TLSv1.3": 0x0304 }[protocol] ?? 0;
}

function renegotiationVerdict(hs: HandshakeFacts | null, legacy: ProtocolName | null): VulnerabilityResult {
  if (!hs) return verdict("client-renegotiation", "not-applicable", legacy === "SSLv3" ? "only SSLv3 below TLS 1.3 (not tested)" : "TLS 1.3 only: renegotiation does not exist there");
  if (!hs.ok || !hs.renegotiation) return verdict("client-renegotiation", "unknown", `no full TLS ≤ 1.2 handshake (${hs.error ?? "failed"})`);
  const { attempted, completed, error } = hs.renegotiation;
  if (completed === attempted) {
    return verdict("client-renegotiation", "vulnerable", `the server completed ${completed} client-initiated renegotiations in a row on one connection (CPU exhaustion by a single client)`);
  }
  if (completed === 0) return verdict("client-renegotiation", "not-vulnerable", `client-initiated renegotiation refused (${error ?? "refused"})`);
  return verdict("client-renegotiation", "not-vulnerable", `client-initiated renegotiation is rate-limited: ${completed} accepted, then refused (${error ?? "refused"})`);
}

function earlyDataVerdict(hs: HandshakeFacts | null, tls13: boolean): VulnerabilityResult {
  if (!tls13 || !hs) return verdict("early-data", "not-applicable", "TLS 1.3 not offered");
  if (!hs.ok) return verdict("early-data", "unknown", `no TLS 1.3 handshake (${hs.error ?? "failed"})`);
  if (!hs.session) return verdict("early-data", "not-vulnerable", "no TLS 1.3 session ticket issued: no resumption, so no 0-RTT");
  if (hs.session.maxEarlyData > 0) {
    return verdict("early-data", "vulnerable", `TLS 1.3 tickets allow ${hs.session.maxEarlyData} bytes of 0-RTT early data, which an attacker can replay`);
  }
  return verdict("early-data", "not-vulnerable", "TLS 1.3 tickets do not allow early data (max_early_data 0)");
}
