// ROBOT (Return Of Bleichenbacher's Oracle Threat): send five RSA ClientKeyExchanges whose plaintexts
// are well-formed or broken in the ways the ROBOT paper lists, and compare the server's answers. A
// server that answers differently has a padding oracle. Bounded: two rounds of five connections (with
// and without ChangeCipherSpec + Finished), one repeat of a round that differs; nothing is decrypted.
import { X509Certificate, constants, publicEncrypt, randomBytes } from "node:crypto";
import { u8, vec } from "../bytes.js";
import { buildClientHello } from "../client-hello.js";
import type { ProbeContext } from "../prober.js";
import { openSession, record, type Reply } from "../session.js";
import { PROTOCOLS, type ProtocolName } from "../versions.js";
import { verdict, type VulnerabilityResult } from "./catalog.js";
import { changeCipherSpec } from "./ccs-injection.js";

const HANDSHAKE = 22;
const CLIENT_KEY_EXCHANGE = 16;

/** The paper's five premaster-secret shapes, as labels for the evidence. */
export const ROBOT_VARIANTS = ["well-formed", "wrong first bytes", "0x00 in the wrong place", "no 0x00 separator", "wrong version"] as const;

function nonZero(n: number): Buffer {
  const b = randomBytes(n);
  for (let i = 0; i < n; i++) if (b[i] === 0) b[i] = 0x5a;
  return b;
}

/** The padded premaster secret of variant i for a k-byte modulus (PKCS #1 v1.5, RFC 5246 §7.4.7.1). */
export function robotPlaintext(i: number, k: number, version: number): Buffer {
  const pad = nonZero(k - 51);
  const pms = nonZero(46);
  const ver = Buffer.from([version >> 8, version & 0xff]);
  const parts: Buffer[][] = [
    [Buffer.from([0x00, 0x02]), pad, u8(0), ver, pms],
    [Buffer.from([0x41, 0x17]), pad, u8(0), ver, pms],
    [Buffer.from([0x00, 0x02]), pad, u8(0x11), pms, Buffer.from([0x00, 0x11])],
    [Buffer.from([0x00, 0x02]), pad, Buffer.from([0x11, 0x11, 0x11]), pms],
    [Buffer.from([0x00, 0x02]), pad, u8(0), Buffer.from([0x02, 0x02]), pms],
  ];
  return Buffer.concat(parts[i] as Buffer[]);
}

function signature(reply: Reply): string {
  if (reply.kind !== "records") return reply.kind;
  const alert = reply.records.find((r) => r.type === 21);
  if (alert) return alert.body.length === 2 ? `alert ${alert.body[1]}` : "encrypted alert";
  return `record type ${reply.records[0]?.type}`;
}

interface Round {
  withFinished: boolean;
  answers: string[];
}

export async function testRobot(ctx: ProbeContext, protocol: ProtocolName, rsaSuites: readonly number[], waitMs: number): Promise<VulnerabilityResult> {
  const version = PROTOCOLS[protocol].wire;
  const one = async (variant: number, withFinished: boolean): Promise<string> =>
    ctx.limit.run(async () => {
      const hello = buildClientHello({ version, suites: rsaSuites, servername: ctx.servername });
      const opened = await openSession(ctx, hello, "flight");
      if ("failure" in opened) return `failed: ${opened.failure.message}`;
      const s = opened.session;
      try {
        const der = s.flight.certificates[0];
        const sh = s.flight.serverHello;
        if (!der || !sh || s.flight.alert) return "no RSA key exchange";
        const key = new X509Certificate(der).publicKey;
        const k = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
        if (key.asymmetricKeyType !== "rsa" || k < 64) return "no RSA key exchange";
        const encrypted = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, robotPlaintext(variant, k, version));
        const body = version === 0x0300 ? encrypted : vec(2, encrypted);
        const cke = record(HANDSHAKE, sh.version, Buffer.concat([u8(CLIENT_KEY_EXCHANGE), vec(3, body)]));
        if (withFinished) {
          // A Finished the server can only fail to decrypt: 64 bytes that look like an encrypted record.
          s.send(Buffer.concat([cke, changeCipherSpec(sh.version), record(HANDSHAKE, sh.version, randomBytes(64))]));
        } else {
          s.send(cke);
          s.end();
        }
        return signature(await s.reply(waitMs));
      } catch (e) {
        return `failed: ${e instanceof Error ? e.message : String(e)}`;
      } finally {
        s.close();
      }
    });
  const round = async (withFinished: boolean): Promise<Round> => ({
    withFinished,
    answers: await Promise.all(ROBOT_VARIANTS.map((_v, i) => one(i, withFinished))),
  });

  const failed = (r: Round): string | undefined => r.answers.find((a) => a.startsWith("failed") || a === "no RSA key exchange");
  const differs = (r: Round): boolean => new Set(r.answers).size > 1;
  for (const withFinished of [true, false]) {
    const r = await round(withFinished);
    const f = failed(r);
    if (f) return verdict("robot", f === "no RSA key exchange" ? "not-applicable" : "unknown", f === "no RSA key exchange" ? "the certificate's key is not RSA" : `probe ${f}`);
    if (!differs(r)) continue;
    // One repeat: an oracle answers the same way twice; a flaky network does not.
    const again = await round(withFinished);
    if (again.answers.join("|") !== r.answers.join("|")) {
      return verdict("robot", "unknown", `answers to the five ClientKeyExchange variants differ but do not repeat (${describe(r)} / ${describe(again)})`);
    }
    const weak = r.answers[1] === r.answers[2] && r.answers[2] === r.answers[3];
    return verdict(
      "robot",
      "vulnerable",
      `${weak ? "weak" : "strong"} padding oracle at ${protocol}${withFinished ? "" : " (without ChangeCipherSpec/Finished)"}: ${describe(r)}`,
      weak ? "medium" : undefined,
    );
  }
  return verdict("robot", "not-vulnerable", `the same answer to all five ClientKeyExchange variants, with and without Finished, at ${protocol}`);
}

function describe(r: Round): string {
  return ROBOT_VARIANTS.map((v, i) => `${v} → ${r.answers[i]}`).join("; ");
}
