// How long a vulnerability test waits for an answer that a server may never give: a multiple of what
// this connection has already shown (its handshake, its slowest renegotiation), never less than a floor
// (timer and scheduling noise on a fast link), never more than the cap the caller passes (the timeout).
export const PATIENCE = {
  /** TLS 1.3 tickets follow the client's Finished by about one round trip. */
  sessionTicket: { factor: 3, floorMs: 50 },
  /** A renegotiation takes no more round trips than the first handshake; Node's servers ignore the one past
   *  their limit without a word, so this wait is the test's cost there. */
  renegotiation: { factor: 10, floorMs: 50 },
  /** A service silent after the BREACH GET (Kafka, `openssl s_server` without -www): on a server that serves
   *  one connection at a time, every other probe waits behind this one. */
  httpAnswer: { factor: 10, floorMs: 1000 },
} as const;

export function patienceMs(kind: keyof typeof PATIENCE, observedMs: number, capMs: number): number {
  const { factor, floorMs } = PATIENCE[kind];
  return Math.round(Math.min(capMs, Math.max(floorMs, factor * observedMs)));
}
