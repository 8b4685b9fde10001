// JWTs the authentication checks look at: supplied with --auth (each identity's credentials) and observed
// in traffic (response bodies, Set-Cookie, Location). Decoded, never verified; bounded per exchange.
import type { Check, CheckContext } from "../../core/check.js";
import { operationOf, within } from "../dataExposure/_exchange.js";
import type { Credential, Exchange, Identity, Occurrence } from "../../core/types.js";
import { jwtFromCredentialValue, parseJwt, TAMPER_CLAIM, type ParsedJwt } from "../../jwt/index.js";
import { lastArgument } from "../../patterns/memo.js";
import { matchAll } from "../../patterns/table.js";
import { JWT_REGEX } from "../../patterns/tokens.js";
import { redactToken } from "../../patterns/redact.js";

export interface SuppliedJwt {
  jwt: ParsedJwt;
  identity: Identity;
  credential: Credential;
}

export interface ObservedJwt {
  jwt: ParsedJwt;
  /** Where it was seen, e.g. `Set-Cookie session` or `response body`. */
  where: string;
}

const PER_EXCHANGE = 20;
const SCAN_LIMIT = 512 * 1024;

export function suppliedJwts(identities: readonly Identity[]): SuppliedJwt[] {
  const out: SuppliedJwt[] = [];
  for (const identity of identities) {
    for (const credential of identity.credentials) {
      if (credential.kind === "basic") continue;
      const jwt = jwtFromCredentialValue(credential.value);
      if (jwt) out.push({ jwt, identity, credential });
    }
  }
  return out;
}

/** Tokens Rampart forged itself (a server may echo them back): not the target's tokens. */
function isOwnProbe(jwt: ParsedJwt): boolean {
  return jwt.alg.toLowerCase() === "none" || TAMPER_CLAIM in jwt.payload;
}

/** JWTs in one exchange's response: Set-Cookie values, Location, and the body text. Read once for the
 *  JWT checks that ask about the exchange in turn; the list is shared, never modify it. */
export const observedJwts: (ex: Exchange) => readonly ObservedJwt[] = lastArgument(readJwts);

/** The answer for most exchanges, shared (callers never modify the list). */
const NO_JWTS: readonly ObservedJwt[] = [];

function readJwts(ex: Exchange): readonly ObservedJwt[] {
  const res = ex.response;
  if (!res) return NO_JWTS;
  // No cookie, no Location and no "eyJ" in the body: nowhere a JWT could be (the common case, answered
  // without the lists and map below).
  if (res.headers["set-cookie"] === undefined && !res.headers["location"] && !res.body.includes("eyJ")) return NO_JWTS;
  const out = new Map<string, ObservedJwt>();
  const add = (text: string, where: string) => {
    if (!text.includes("eyJ")) return; // every JWT starts so (a JSON header, base64url)
    for (const m of matchAll(JWT_REGEX, text.slice(0, SCAN_LIMIT), PER_EXCHANGE)) {
      if (out.size >= PER_EXCHANGE) return;
      const jwt = parseJwt(m[1]!);
      if (jwt && !isOwnProbe(jwt) && !out.has(jwt.token)) out.set(jwt.token, { jwt, where });
    }
  };
  for (const line of (res.headers["set-cookie"] ?? "").split("\n")) {
    const name = /^\s*([^=;\s]+)=/.exec(line)?.[1];
    if (name) add(line, `Set-Cookie ${name}`);
  }
  if (res.headers["location"]) add(res.headers["location"], "Location header");
  add(res.body, "response body");
  return [...out.values()];
}

/** `--auth @alice bearer` style label for evidence (never the value). */
export function describeSupplied(s: SuppliedJwt): string {
  const who = s.identity.label === "default" ? "--auth" : `--auth @${s.identity.label}`;
  return `${who} ${s.credential.kind}${s.credential.kind === "bearer" ? "" : ` ${s.credential.name}`}`;
}

/** Evidence text for a token: its header kept, payload and signature masked. */
export function tokenExcerpt(jwt: ParsedJwt): string {
  return redactToken(jwt.token);
}

export type JwtReporter = (ctx: CheckContext, jwt: ParsedJwt, where: string, ex: Exchange | null, at: Occurrence) => void;

/** The root cause a token problem belongs to: its issuer (one signing key, one token policy), whatever
 *  identity carried it or wherever it was seen. */
export function issuerKey(jwt: ParsedJwt): string {
  const iss = jwt.payload["iss"];
  return `iss:${typeof iss === "string" ? iss.slice(0, 200) : "-"}`;
}

/** run() and analyze() of the offline JWT checks: each supplied token once per identity, then each
 *  observed token once per operation and place, handed to the check's own judgement with the place. */
export function eachJwt(report: JwtReporter): Pick<Check, "run" | "analyze"> {
  return {
    async run(ctx) {
      for (const s of suppliedJwts(ctx.identities)) {
        const place = `--auth ${s.credential.kind}${s.credential.kind === "bearer" ? "" : ` ${s.credential.name}`}`;
        report(ctx, s.jwt, describeSupplied(s), null, { identity: s.identity.label, place });
      }
    },
    analyze(ex, ctx) {
      for (const o of observedJwts(ex)) {
        // A supplied token echoed back (a /me answer) is the same root cause seen at one more place.
        const op = operationOf(ex);
        if (within(ctx, `${ex.request.method} ${op.path}|${o.where}`, 1)) report(ctx, o.jwt, o.where, ex, { operation: `${op.method} ${op.path}`, place: o.where });
      }
    },
  };
}
