// Ticketbleed (CVE-2016-9244, F5 BIG-IP): resume with a server-issued ticket and a 16-byte session ID.
// RFC 5077 says echo the ID; an affected stack pads the echo to 32 bytes with its own memory. Only the
// length and our prefix are looked at; the 16 other bytes are discarded.
import { randomBytes } from "node:crypto";
import { buildClientHello } from "../client-hello.js";
import { exchange } from "../connection.js";
import type { ProbeContext } from "../prober.js";
import { PROTOCOLS, type ProtocolName } from "../versions.js";
import { verdict, type VulnerabilityResult } from "./catalog.js";

export async function testTicketbleed(ctx: ProbeContext, protocol: ProtocolName, suites: readonly number[], ticket: Buffer): Promise<VulnerabilityResult> {
  const sessionId = randomBytes(16);
  const hello = buildClientHello({ version: PROTOCOLS[protocol].wire, suites, servername: ctx.servername, sessionId, sessionTicket: ticket });
  const { flight, failure } = await ctx.limit.run(() => exchange(ctx, hello, "hello"));
  const sh = flight?.serverHello;
  if (failure || !sh) return verdict("ticketbleed", "unknown", `the resumption hello failed (${failure?.message ?? flight?.alert?.name ?? "no ServerHello"})`);
  const echoed = sh.sessionId;
  if (echoed.length === 32 && echoed.subarray(0, 16).equals(sessionId)) {
    return verdict("ticketbleed", "vulnerable", `resuming with a ticket and a 16-byte session ID, the server echoed 32 bytes: our 16 and 16 bytes of its memory (discarded)`);
  }
  if (echoed.equals(sessionId)) return verdict("ticketbleed", "not-vulnerable", "the ticket resumed the session and the 16-byte session ID was echoed as sent");
  return verdict("ticketbleed", "not-vulnerable", "the session ticket was not used for resumption (a new session ID came back)");
}
