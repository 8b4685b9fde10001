// Byte helpers for TLS wire formats: length-prefixed vectors out, bounds-checked reads in.

/** What went wrong with the peer's bytes: not TLS at all (http, text, garbage), too big, or malformed. */
export type WireErrorKind = "http" | "text" | "garbage" | "oversized" | "malformed";

/** A malformed or foreign answer from the peer (never thrown for our own bugs). */
export class WireError extends Error {
  constructor(
    message: string,
    readonly kind: WireErrorKind = "malformed",
  ) {
    super(message);
    this.name = "WireError";
  }
}

export function u8(n: number): Buffer {
  return Buffer.from([n & 0xff]);
}

export function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n & 0xffff);
  return b;
}

export function u24(n: number): Buffer {
  return Buffer.from([(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** A vector with a 1-, 2- or 3-byte length prefix. */
export function vec(lengthBytes: 1 | 2 | 3, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const prefix = lengthBytes === 1 ? u8(body.length) : lengthBytes === 2 ? u16(body.length) : u24(body.length);
  return Buffer.concat([prefix, body]);
}

export function u16List(values: readonly number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v, i * 2));
  return b;
}

export class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly what = "message",
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new WireError(`${this.what} truncated (needs ${n} more bytes, has ${this.remaining})`);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u24(): number {
    this.need(3);
    const v = this.buf.readUIntBE(this.pos, 3);
    this.pos += 3;
    return v;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  vec(lengthBytes: 1 | 2 | 3): Buffer {
    const n = lengthBytes === 1 ? this.u8() : lengthBytes === 2 ? this.u16() : this.u24();
    return this.bytes(n);
  }

  rest(): Buffer {
    return this.bytes(this.remaining);
  }
}
