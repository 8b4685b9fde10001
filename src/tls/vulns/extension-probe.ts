// One hello at the best TLS ≤ 1.2 version that offers DEFLATE compression, the heartbeat extension,
// OCSP stapling (status_request) and SCTs: the ServerHello answers CRIME and "is heartbeat on?", the
// flight carries the stapled OCSP response and TLS-extension SCTs, and, when heartbeat is on, the same
// connection runs the bounded Heartbleed probe.
import { u16, vec } from "../bytes.js";
import { buildClientHello, EXT } from "../client-hello.js";
import type { ProbeContext } from "../prober.js";
import { openSession, record, type Reply } from "../session.js";
import { PROTOCOLS, type ProtocolName } from "../versions.js";
import { verdict, type VulnerabilityResult } from "./catalog.js";

export interface ExtensionProbe {
  crime: VulnerabilityResult;
  heartbleed: VulnerabilityResult;
  /** DER OCSP response stapled in the TLS ≤ 1.2 handshake. */
  ocspResponse: Buffer | null;
  /** SignedCertificateTimestampList from the ServerHello extension. */
  sctList: Buffer | null;
  error: string | null;
}

const DEFLATE = 1;
const HEARTBEAT = 24;
/** The over-read we ask a vulnerable server for: enough to prove it, too little to matter. Discarded unread. */
export const HEARTBLEED_CLAIM = 32;
const MARKER = Buffer.from("rampart-heartbt!", "ascii");

/** A heartbeat request claiming HEARTBLEED_CLAIM payload bytes while carrying none (RFC 6520 forbids it). */
export function malformedHeartbeat(version: number): Buffer {
  return record(HEARTBEAT, version, Buffer.concat([Buffer.from([1]), u16(HEARTBLEED_CLAIM)]));
}

/** A well-formed request with a 16-byte payload and 16 bytes of padding: a patched server echoes it. */
export function wellFormedHeartbeat(version: number): Buffer {
  return record(HEARTBEAT, version, Buffer.concat([Buffer.from([1]), u16(MARKER.length), MARKER, Buffer.alloc(16)]));
}

export async function probeExtensions(ctx: ProbeContext, protocol: ProtocolName, suites: readonly number[], waitMs: number): Promise<ExtensionProbe> {
  const version = PROTOCOLS[protocol].wire;
  const hello = buildClientHello({
    version,
    suites,
    servername: ctx.servername,
    compression: [DEFLATE, 0],
    extraExtensions: [
      [EXT.heartbeat, Buffer.from([1])],
      [EXT.statusRequest, Buffer.concat([Buffer.from([1]), vec(2), vec(2)])],
      [EXT.signedCertificateTimestamp, Buffer.alloc(0)],
    ],
  });
  return ctx.limit.run(async () => {
    const opened = await openSession(ctx, hello, "flight");
    if ("failure" in opened) {
      const why = `the probe hello failed (${opened.failure.message})`;
      return { crime: verdict("crime", "unknown", why), heartbleed: verdict("heartbleed", "unknown", why), ocspResponse: null, sctList: null, error: `extension probe: ${opened.failure.message}` };
    }
    const s = opened.session;
    try {
      const sh = s.flight.serverHello;
      if (!sh || s.flight.alert) {
        const why = s.flight.alert ? `the probe hello was refused (alert ${s.flight.alert.name})` : "no ServerHello";
        return { crime: verdict("crime", "unknown", why), heartbleed: verdict("heartbleed", "unknown", why), ocspResponse: null, sctList: null, error: `extension probe: ${why}` };
      }
      const crime = sh.compression !== 0
        ? verdict("crime", "vulnerable", `the server chose TLS compression method ${sh.compression === DEFLATE ? "DEFLATE" : sh.compression} at ${protocol}`)
        : verdict("crime", "not-vulnerable", "the server refused TLS compression (chose the null method)");
      let heartbleed: VulnerabilityResult;
      if (!sh.extensions.includes(EXT.heartbeat)) heartbleed = verdict("heartbleed", "not-vulnerable", "heartbeat extension not offered");
      else {
        s.send(Buffer.concat([malformedHeartbeat(sh.version), wellFormedHeartbeat(sh.version)]));
        heartbleed = judgeHeartbeat(await s.reply(waitMs));
      }
      return { crime, heartbleed, ocspResponse: s.flight.ocspResponse, sctList: sh.sctList, error: null };
    } finally {
      s.close();
    }
  });
}

/** The first heartbeat answer decides: an echo of our marker means the malformed request was dropped. */
export function judgeHeartbeat(reply: Reply): VulnerabilityResult {
  if (reply.kind !== "records") return verdict("heartbleed", "not-vulnerable", `heartbeat offered; no answer to a malformed heartbeat (${reply.kind})`);
  const alert = reply.records.find((r) => r.type === 21);
  const beat = reply.records.find((r) => r.type === HEARTBEAT);
  if (!beat) return verdict("heartbleed", "not-vulnerable", `heartbeat offered; the malformed request was refused${alert ? ` (alert ${alert.body[1] ?? "?"})` : ""}`);
  const claimed = beat.body.length >= 3 ? beat.body.readUInt16BE(1) : 0;
  if (claimed === MARKER.length && beat.body.subarray(3, 3 + MARKER.length).equals(MARKER)) {
    return verdict("heartbleed", "not-vulnerable", "heartbeat offered; the malformed request was dropped and a well-formed one echoed");
  }
  // The bytes past what we sent are the server's memory: only their count is kept, never their content.
  return verdict(
    "heartbleed",
    "vulnerable",
    `a heartbeat claiming ${HEARTBLEED_CLAIM} payload bytes while carrying none was answered with ${Math.max(0, beat.body.length - 3)} bytes of server memory (content discarded)`,
  );
}
