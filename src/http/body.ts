// Collects a response body up to a byte cap and then stops: a 50 MB response costs at most the cap in memory.

export interface CappedBody {
  text: string;
  /** Bytes seen, or the declared Content-Length when larger. */
  size: number;
  truncated: boolean;
  /** A read failure after the headers (timeout, reset); what arrived before is kept. */
  error: unknown;
}

/** Chunks as they arrive; `push` answers false once the cap is reached (the caller stops reading). */
export class CappedBodyCollector {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  private seen = 0;
  private truncated = false;
  private error: unknown = null;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): boolean {
    this.seen += chunk.byteLength;
    const room = this.maxBytes - this.kept;
    if (chunk.byteLength > room) {
      if (room > 0) this.chunks.push(chunk.subarray(0, room));
      this.kept += Math.max(0, room);
      this.truncated = true;
      return false;
    }
    this.chunks.push(chunk);
    this.kept += chunk.byteLength;
    return true;
  }

  /** The read failed after the headers: what arrived is kept, marked truncated. */
  fail(error: unknown): void {
    this.error = error;
    this.truncated = true;
  }

  /** `declaredLength`: the Content-Length (null when absent or when the answer has no body). */
  result(declaredLength: number | null): CappedBody {
    const truncated = this.truncated || (declaredLength !== null && this.seen < declaredLength);
    return {
      text: this.chunks.length === 1 ? this.chunks[0]!.toString("utf8") : Buffer.concat(this.chunks, this.kept).toString("utf8"),
      size: Math.max(this.seen, declaredLength ?? 0),
      truncated,
      error: this.error,
    };
  }
}
