// Reads a response body up to a byte cap and then stops: a 50 MB response costs at most the cap in memory.

export interface CappedBody {
  text: string;
  /** Bytes seen, or the declared Content-Length when larger. */
  size: number;
  truncated: boolean;
  /** A read failure after the headers (timeout, reset); what arrived before is kept. */
  error: unknown;
}

interface Destroyable {
  destroy(err?: Error): unknown;
}

export async function readCappedBody(
  body: AsyncIterable<Uint8Array> & Destroyable,
  maxBytes: number,
  declaredLength: number | null,
): Promise<CappedBody> {
  const chunks: Buffer[] = [];
  let kept = 0;
  let seen = 0;
  let truncated = false;
  let error: unknown = null;
  try {
    for await (const chunk of body) {
      seen += chunk.byteLength;
      const room = maxBytes - kept;
      if (chunk.byteLength > room) {
        if (room > 0) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, room));
        kept += Math.max(0, room);
        truncated = true;
        break;
      }
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      kept += chunk.byteLength;
    }
  } catch (e) {
    error = e;
    truncated = true;
  } finally {
    body.destroy(); // stop reading now: never drain the rest of a large or endless body
  }
  if (!truncated && declaredLength !== null && seen < declaredLength) truncated = true;
  return {
    text: Buffer.concat(chunks, kept).toString("utf8"),
    size: Math.max(seen, declaredLength ?? 0),
    truncated,
    error,
  };
}
