// The two fields of an OpenSSL SSL_SESSION (as node:tls hands it out in its 'session' event) that the
// vulnerability tests need: the session ticket ([10], Ticketbleed) and max_early_data ([15], 0-RTT).
import { WireError } from "../bytes.js";
import { children, tlv } from "../der.js";

export interface SessionFields {
  ticket: Buffer | null;
  maxEarlyData: number;
}

export function sessionFields(der: Buffer): SessionFields {
  const out: SessionFields = { ticket: null, maxEarlyData: 0 };
  try {
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
