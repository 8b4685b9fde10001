// Protocol versions the prober speaks, with their wire codes and the openssl s_client switch that
// reproduces a probe by hand.

export const PROTOCOL_NAMES = ["SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

export interface ProtocolInfo {
  name: ProtocolName;
  /** Wire version (SSLv2 uses 0x0002). */
  wire: number;
  /** openssl s_client flag (SSLv2/SSLv3 need an OpenSSL built with them). */
  opensslFlag: string;
  legacy: boolean;
}

export const PROTOCOLS: Record<ProtocolName, ProtocolInfo> = {
  SSLv2: { name: "SSLv2", wire: 0x0002, opensslFlag: "-ssl2", legacy: true },
  SSLv3: { name: "SSLv3", wire: 0x0300, opensslFlag: "-ssl3", legacy: true },
  "TLSv1.0": { name: "TLSv1.0", wire: 0x0301, opensslFlag: "-tls1", legacy: true },
  "TLSv1.1": { name: "TLSv1.1", wire: 0x0302, opensslFlag: "-tls1_1", legacy: true },
  "TLSv1.2": { name: "TLSv1.2", wire: 0x0303, opensslFlag: "-tls1_2", legacy: false },
  "TLSv1.3": { name: "TLSv1.3", wire: 0x0304, opensslFlag: "-tls1_3", legacy: false },
};

export function protocolByWire(wire: number): ProtocolName | null {
  for (const p of PROTOCOL_NAMES) if (PROTOCOLS[p].wire === wire) return p;
  return null;
}

export function wireName(wire: number): string {
  return protocolByWire(wire) ?? `0x${wire.toString(16).padStart(4, "0")}`;
}
