// The header tricks whose key comes from a URL the verifier fetches (`jku`: a JWKS, `x5u`: an X.509
// certificate). The scanner serves the key itself on a short-lived listener (src/http/callback-listener.ts)
// and confirms only when the forged token gets the real token's data AND the listener saw the fetch.
import type { CheckContext, PlanContext } from "../../core/check.js";
import { callbackEndpoint, openCallbackListener, type CallbackListener } from "../../http/callback-listener.js";
import { jkuKey, x5uKey, type ServedKey } from "../../jwt/index.js";
import { sendWithToken, tokenVariable, type JwtProbeSet, type JwtTarget, forgedAccepted, reportForgedAccepted } from "./_jwt-probe.js";

/** Each served-key trick: its header, the file served and what it holds. */
export const SERVED_KEY_TRICKS: readonly { header: ServedKey["header"]; file: string; what: string; make: () => ServedKey | Promise<ServedKey> }[] = [
  { header: "jku", file: "jwks.json", what: "key set", make: jkuKey },
  { header: "x5u", file: "cert.pem", what: "certificate", make: x5uKey },
];

const NAMES = SERVED_KEY_TRICKS.map((t) => t.header).join(" and ");

/** Where the scanner serves the keys for this target, or null (not loopback, no --callback-host). */
export function servedKeyEndpoint(ctx: PlanContext) {
  return callbackEndpoint(ctx.settings.callbackHost, ctx.target.host);
}

/** The listener when some token has a usable operation; when it cannot be had, a recorded partial skip. */
export async function openServedKeyListener(ctx: CheckContext, sets: readonly JwtProbeSet[], others: string): Promise<CallbackListener | null> {
  if (!sets.some((s) => s.targets.length > 0)) return null;
  const endpoint = servedKeyEndpoint(ctx);
  const skip = (why: string) => ctx.notApplicable(`${NAMES} not tried: ${why} (${others} were tried)`, { partial: true });
  if (!endpoint) {
    skip("the target is not on loopback, so it needs --callback-host <host[:port]>, the address it can reach this machine at");
    return null;
  }
  try {
    return await openCallbackListener(endpoint);
  } catch (e) {
    skip(e instanceof Error ? e.message : String(e));
    return null;
  }
}

export interface ServedKeyTrick {
  key: ServedKey;
  what: string;
  /** Path of the document on the listener and its full URL. */
  path: string;
  url: string;
  listener: CallbackListener;
}

/** Fresh keys for one token, their public halves served on the listener. */
export async function servedKeyTricks(listener: CallbackListener, token: JwtProbeSet["token"]): Promise<ServedKeyTrick[]> {
  const label = token.identity.label.replace(/[^a-z0-9-]/gi, "_");
  const out: ServedKeyTrick[] = [];
  for (const t of SERVED_KEY_TRICKS) {
    const key = await t.make();
    const path = `${label}/${t.file}`;
    out.push({ key, what: t.what, path, url: listener.serve(path, key.document, key.contentType), listener });
  }
  return out;
}

/** Sends the token re-signed with the served key, its header naming the URL; reports when both proofs hold.
 *  A fetch without acceptance is not a finding, but the target did resolve an untrusted URL: an observation. */
export async function tryServedKey(ctx: CheckContext, trick: ServedKeyTrick, token: JwtProbeSet["token"], t: JwtTarget): Promise<boolean> {
  const { key, listener } = trick;
  const from = tokenVariable(token);
  const label = `a fresh RSA key whose ${trick.what} the scanner served at the header's ${key.header} URL`;
  const as = {
    variable: `${from}_${key.header.toUpperCase()}`,
    holds: `${from}'s claims re-signed RS256 with ${label} (${trick.url}, kid ${key.kid}); to rebuild it, serve your own ${trick.what} and sign with its key`,
  };
  const before = listener.hits(trick.path).length;
  const ex = await sendWithToken(ctx, t.op, token, key.forge(token.jwt, trick.url), as);
  const fetched = listener.hits(trick.path).slice(before);
  if (fetched.length === 0) return false;
  if (!forgedAccepted(ex, t)) {
    const answer = ex.response ? (ex.response.status === 401 || ex.response.status === 403 ? `refused the token (${ex.response.status})` : `did not accept the token (answered ${ex.response.status})`) : "did not answer the token";
    ctx.observe(
      `the target fetched the ${trick.what} named in the token's ${key.header} header from ${trick.url} but ${answer}: it resolves untrusted key URLs (a request-forgery surface) even though it rejects their keys`,
    );
    return false;
  }
  const hit = fetched[0]!;
  reportForgedAccepted(ctx, token, t, ex, { how: `re-signed with ${label} (${key.header})` }, [
    {
      request: `${hit.method} ${hit.path}`,
      status: 200,
      excerpt: `the target fetched the ${trick.what} named by the token's ${key.header} header at ${hit.at} (${fetched.length} fetch${fetched.length === 1 ? "" : "es"})`,
      note: `from ${hit.from}, user agent ${hit.userAgent ?? "(none)"}`,
    },
  ]);
  return true;
}
