// A buffered reader over one socket with a deadline and an abort signal: every wait ends, none hangs.
import net from "node:net";

export class ProbeTimeout extends Error {
  constructor(what: string, ms: number) {
    super(`timed out after ${ms} ms waiting for ${what}`);
    this.name = "ProbeTimeout";
  }
}

/** Opens a TCP connection; rejects with a one-line message (refused, timeout, aborted …). */
export function connectTcp(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => fail(new ProbeTimeout(`a TCP connection to ${host}:${port}`, timeoutMs)), timeoutMs);
    const onAbort = () => fail(new Error("aborted"));
    signal?.addEventListener("abort", onAbort, { once: true });
    function cleanup() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      socket.removeListener("error", fail);
    }
    function fail(e: Error) {
      cleanup();
      socket.destroy();
      reject(new Error(`cannot connect to ${host}:${port}: ${describeSocketError(e)}`));
    }
    socket.once("error", fail);
    socket.once("connect", () => {
      cleanup();
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

export function describeSocketError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const known: Record<string, string> = {
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset by peer",
    EHOSTUNREACH: "host unreachable",
    ENETUNREACH: "network unreachable",
    ENOTFOUND: "host name not found",
    EAI_AGAIN: "host name lookup failed",
    EPIPE: "connection closed by peer",
  };
  return (err.code && known[err.code]) || err.message || String(e);
}

/** Collects bytes from a socket; `need(n)` waits until n bytes are buffered, the peer closes, or the deadline. */
export class SocketReader {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private failure: Error | null = null;
  private waiter: (() => void) | null = null;
  private readonly onData = (d: Buffer) => {
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
    this.wake();
  };
  private readonly onEnd = () => {
    this.ended = true;
    this.wake();
  };
  private readonly onError = (e: Error) => {
    this.failure = e;
    this.wake();
  };

  constructor(
    readonly socket: net.Socket,
    private readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onEnd);
    socket.on("error", this.onError);
  }

  get buffered(): Buffer {
    return this.buf;
  }

  /** True once the peer closed (and everything it sent is in `buffered`). */
  get closed(): boolean {
    return this.ended || this.failure !== null;
  }

  consume(n: number): void {
    this.buf = this.buf.subarray(n);
  }

  /** Resolves when at least `n` bytes are buffered or the peer closed; rejects on timeout/abort. */
  async need(n: number, what: string, timeoutMs = this.timeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.buf.length < n && !this.closed) {
      if (this.signal?.aborted) throw new Error("aborted");
      const left = deadline - Date.now();
      if (left <= 0) throw new ProbeTimeout(what, timeoutMs);
      await this.wait(left);
    }
  }

  private wait(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.signal?.removeEventListener("abort", done);
        this.waiter = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.signal?.addEventListener("abort", done, { once: true });
      this.waiter = done;
    });
  }

  /** Detaches from the socket (before handing it to node:tls) and returns any unread bytes. */
  detach(): Buffer {
    this.socket.removeListener("data", this.onData);
    this.socket.removeListener("end", this.onEnd);
    this.socket.removeListener("close", this.onEnd);
    this.socket.removeListener("error", this.onError);
    const rest = this.buf;
    this.buf = Buffer.alloc(0);
    return rest;
  }

  private wake(): void {
    this.waiter?.();
  }
}

/** Writes and waits for the write to flush (or fail) — keeps errors on this promise, not on the socket. */
export function writeAll(socket: net.Socket, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(data, (err) => (err ? reject(err) : resolve()));
  });
}
