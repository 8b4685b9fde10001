// Single probes: offer a version and a list of suites, and judge the answer as accepted (ServerHello
// at that version with a suite we offered), rejected (alert, another version, connection dropped) or
// failed (timeout, not TLS, broken records).
import { buildClientHello } from "./client-hello.js";
import { exchange, type Endpoint, type ProbeFailure } from "./connection.js";
import type { Limiter } from "./limit.js";
import type { FlightEnd, ServerFlight, ServerHello } from "./server-flight.js";
import { buildSslv2ClientHello, type Sslv2ServerHello } from "./sslv2.js";
import { wireName } from "./versions.js";

export interface ProbeContext extends Endpoint {
  servername: string | null;
  limit: Limiter;
}

export type HelloOutcome =
  | { status: "accepted"; hello: ServerHello; flight: ServerFlight }
  | { status: "rejected"; reason: string }
  | { status: "failed"; failure: ProbeFailure };

export interface HelloRequest {
  version: number;
  suites: readonly number[];
  groups?: readonly number[];
  keyShares?: readonly number[];
  end?: FlightEnd;
}

export async function probeTls(ctx: ProbeContext, req: HelloRequest): Promise<HelloOutcome> {
  const hello = buildClientHello({
    version: req.version,
    suites: req.suites,
    servername: ctx.servername,
    ...(req.groups ? { groups: req.groups } : {}),
    ...(req.keyShares ? { keyShares: req.keyShares } : {}),
  });
  const end = req.end ?? (req.version >= 0x0304 ? "hello" : "flight");
  const { flight, failure } = await ctx.limit.run(() => exchange(ctx, hello, end));
  if (failure) {
    // Many stacks simply hang up on a version or suite list they do not like.
    if (failure.kind === "closed" || failure.kind === "reset") return { status: "rejected", reason: failure.message };
    return { status: "failed", failure };
  }
  if (!flight) return { status: "failed", failure: { kind: "malformed", message: "no answer parsed" } };
  if (flight.alert) return { status: "rejected", reason: `alert ${flight.alert.name}` };
  if (flight.sslv2) return { status: "rejected", reason: "answered with SSLv2" };
  const sh = flight.serverHello;
  if (!sh) return { status: "failed", failure: { kind: "malformed", message: "answer without ServerHello" } };
  if (sh.version !== req.version) return { status: "rejected", reason: `server chose ${wireName(sh.version)}` };
  if (!req.suites.includes(sh.cipher)) {
    const code = `0x${sh.cipher.toString(16).padStart(4, "0")}`;
    return { status: "failed", failure: { kind: "malformed", message: `server chose suite ${code}, which was not offered` } };
  }
  return { status: "accepted", hello: sh, flight };
}

export type Sslv2Outcome =
  | { status: "accepted"; hello: Sslv2ServerHello }
  | { status: "rejected"; reason: string }
  | { status: "failed"; failure: ProbeFailure };

export async function probeSslv2(ctx: ProbeContext): Promise<Sslv2Outcome> {
  const { flight, failure } = await ctx.limit.run(() => exchange(ctx, buildSslv2ClientHello(), "hello"));
  if (failure) {
    if (failure.kind === "closed" || failure.kind === "reset") return { status: "rejected", reason: failure.message };
    return { status: "failed", failure };
  }
  if (flight?.sslv2) {
    if (flight.sslv2.ciphers.length === 0) return { status: "rejected", reason: "SSLv2 SERVER-HELLO without shared ciphers" };
    return { status: "accepted", hello: flight.sslv2 };
  }
  if (flight?.alert) return { status: "rejected", reason: `alert ${flight.alert.name}` };
  return { status: "rejected", reason: "answered with TLS, not SSLv2" };
}
