// CCS injection (CVE-2014-0224): after the server's flight, send ChangeCipherSpec before any key
// exchange, twice. A patched stack refuses the early CCS (unexpected_message, or hangs up); a vulnerable
// one switches to keys derived from an empty master secret and then fails to decrypt our next record
// (bad_record_mac / decryption_failed), or answers with an encrypted alert.
import { buildClientHello } from "../client-hello.js";
import type { ProbeContext } from "../prober.js";
import { openSession, record, type Reply } from "../session.js";
import { alertName } from "../alerts.js";
import { PROTOCOLS, type ProtocolName } from "../versions.js";
import { verdict, type VulnerabilityResult } from "./catalog.js";

const CCS = 20;
const ALERT = 21;
const BAD_RECORD_MAC = 20;
const DECRYPTION_FAILED = 21;

export function changeCipherSpec(version: number): Buffer {
  return record(CCS, version, Buffer.from([1]));
}

export async function testCcsInjection(ctx: ProbeContext, protocol: ProtocolName, suites: readonly number[], waitMs: number): Promise<VulnerabilityResult> {
  const version = PROTOCOLS[protocol].wire;
  const hello = buildClientHello({ version, suites, servername: ctx.servername });
  return ctx.limit.run(async () => {
    const opened = await openSession(ctx, hello, "flight");
    if ("failure" in opened) return verdict("ccs-injection", "unknown", `the probe hello failed (${opened.failure.message})`);
    const s = opened.session;
    try {
      if (!s.flight.serverHello || s.flight.alert) return verdict("ccs-injection", "unknown", "the probe hello was refused");
      s.send(changeCipherSpec(s.flight.serverHello.version));
      s.send(changeCipherSpec(s.flight.serverHello.version));
      return judgeCcs(await s.reply(waitMs), protocol);
    } finally {
      s.close();
    }
  });
}

export function judgeCcs(reply: Reply, protocol: ProtocolName): VulnerabilityResult {
  if (reply.kind !== "records") return verdict("ccs-injection", "not-vulnerable", `the early ChangeCipherSpec ended the handshake (${reply.kind})`);
  const alert = reply.records.find((r) => r.type === ALERT);
  if (!alert) return verdict("ccs-injection", "unknown", `unexpected answer to an early ChangeCipherSpec (record type ${reply.records[0]?.type})`);
  if (alert.body.length !== 2) {
    return verdict("ccs-injection", "vulnerable", `after an early ChangeCipherSpec at ${protocol} the server sent an encrypted alert: it switched keys before any key exchange`);
  }
  const code = alert.body[1] as number;
  if (code === BAD_RECORD_MAC || code === DECRYPTION_FAILED) {
    return verdict("ccs-injection", "vulnerable", `an early ChangeCipherSpec at ${protocol} was accepted; the next record failed with ${alertName(code)}`);
  }
  return verdict("ccs-injection", "not-vulnerable", `an early ChangeCipherSpec was refused (alert ${alertName(code)})`);
}
