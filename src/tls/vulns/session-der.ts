// The two fields of an OpenSSL SSL_SESSION (as node:tls hands it out in its 'session' event) that the
// vulnerability tests need: the session ticket ([10], Ticketbleed) and max_early_data ([15], 0-RTT).
// Node 20 hands out OpenSSL's DER as it is; Node 22 and 24 put a header of their own in front of it.
import { WireError } from "../bytes.js";
import { children, tlv } from "../der.js";

export interface SessionFields {
  ticket: Buffer | null;
  maxEarlyData: number;
}

/**
 * Node's header (22, 24): "\0nodejs:tls:session:<version>\0", the server name behind a 2-byte length
 * (kept so that a resumed session knows it), then OpenSSL's DER.
 */
const NODE_SESSION_MAGIC = Buffer.from("\0nodejs:tls:session:", "latin1");

/** OpenSSL's DER inside what the 'session' event gave, with or without Node's header. */
export function opensslSessionDer(session: Buffer): Buffer {
  if (!session.subarray(0, NODE_SESSION_MAGIC.length).equals(NODE_SESSION_MAGIC)) return session;
  const versionEnd = session.indexOf(0, NODE_SESSION_MAGIC.length);
  if (versionEnd < 0 || versionEnd + 3 > session.length) throw new WireError("Node session header cut short");
  const nameLength = session.readUInt16BE(versionEnd + 1);
  return session.subarray(versionEnd + 3 + nameLength);
}

export function sessionFields(session: Buffer): SessionFields {
  const out: SessionFields = { ticket: null, maxEarlyData: 0 };
  try {
    const der = opensslSessionDer(session);
    for (const t of children(der, tlv(der, 0))) {
      if (t.tag === 0xaa) {
        const inner = children(der, t)[0];
        if (inner?.tag === 0x04) out.ticket = Buffer.from(der.subarray(inner.start, inner.end));
      } else if (t.tag === 0xaf) {
        const inner = children(der, t)[0];
        if (inner?.tag === 0x02 && inner.end > inner.start && inner.end - inner.start <= 6) out.maxEarlyData = der.readUIntBE(inner.start, inner.end - inner.start);
      }
    }
  } catch (e) {
    if (!(e instanceof WireError)) throw e;
  }
  return out;
}
