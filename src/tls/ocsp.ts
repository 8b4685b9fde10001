// A stapled OCSP response, read just far enough to say what it claims: the responder's status, the
// certificate's status (good / revoked / unknown) and the validity window. Signatures are not checked:
// the point is whether the server staples, and whether what it staples is current.
import { WireError } from "./bytes.js";
import { children, tlv } from "./der.js";

export type OcspCertStatus = "good" | "revoked" | "unknown";

export interface OcspSummary {
  /** 0 successful, 1 malformedRequest, 2 internalError, 3 tryLater, 5 sigRequired, 6 unauthorized. */
  responseStatus: number;
  certStatus: OcspCertStatus | null;
  thisUpdate: string | null;
  nextUpdate: string | null;
}

function time(buf: Buffer, start: number, end: number): string | null {
  const s = buf.subarray(start, end).toString("latin1");
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(s);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z` : null;
}

/** Null when the bytes are not an OCSP response. */
export function readOcspResponse(der: Buffer): OcspSummary | null {
  try {
    const top = children(der, tlv(der, 0));
    const status = top[0];
    if (!status || status.tag !== 0x0a) return null;
    const out: OcspSummary = { responseStatus: der[status.start] ?? -1, certStatus: null, thisUpdate: null, nextUpdate: null };
    const bytes = top[1];
    if (!bytes || bytes.tag !== 0xa0) return out;
    const responseBytes = children(der, bytes)[0];
    const octets = responseBytes ? children(der, responseBytes)[1] : undefined;
    if (!octets || octets.tag !== 0x04) return out;
    const basic = der.subarray(octets.start, octets.end);
    const tbs = children(basic, tlv(basic, 0))[0];
    if (!tbs) return out;
    const responses = children(basic, tbs).find((t) => t.tag === 0x30);
    const single = responses ? children(basic, responses)[0] : undefined;
    if (!single) return out;
    const [, certStatus, thisUpdate, next] = children(basic, single);
    if (certStatus) out.certStatus = certStatus.tag === 0x80 ? "good" : certStatus.tag === 0xa1 ? "revoked" : "unknown";
    if (thisUpdate?.tag === 0x18) out.thisUpdate = time(basic, thisUpdate.start, thisUpdate.end);
    if (next?.tag === 0xa0) {
      const inner = children(basic, next)[0];
      if (inner?.tag === 0x18) out.nextUpdate = time(basic, inner.start, inner.end);
    }
    return out;
  } catch (e) {
    if (e instanceof WireError || e instanceof RangeError) return null;
    throw e;
  }
}
