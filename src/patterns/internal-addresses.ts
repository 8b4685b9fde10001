// Internal network addresses in responses (dataExposure.internal-address): RFC 1918 and link-local IPv4,
// IPv6 unique-local addresses, and hostnames under internal-only suffixes. Loopback is not reported:
// `localhost` in a development link says nothing about the network behind the API.
import { compileTable, type PatternRow } from "./table.js";

const octetsValid = (ip: string): boolean => ip.split(".").every((o) => Number(o) <= 255 && !(o.length > 1 && o.startsWith("0")));
// "version": "10.2.0.1" and OIDs are dotted numbers too.
const notVersion = (text: string, index: number): boolean =>
  !/(?:version|ver|v|release|build|oid)["']?\s*[:=]?\s*["']?$/i.test(text.slice(Math.max(0, index - 24), index));

export const INTERNAL_ADDRESS_ROWS: readonly PatternRow[] = [
  {
    id: "private-ipv4",
    title: "Private IPv4 address (RFC 1918)",
    severity: "low",
    regex: /(?<![\d.])((?:10\.\d{1,3}|172\.(?:1[6-9]|2\d|3[01])|192\.168)\.\d{1,3}\.\d{1,3})(?!\.?\d)/,
    keywords: ["10.", "172.", "192.168."],
    validate: (v, c) => octetsValid(v) && notVersion(c.text, c.index),
  },
  {
    id: "link-local-ipv4",
    title: "Link-local IPv4 address (cloud metadata range)",
    severity: "low",
    regex: /(?<![\d.])(169\.254\.\d{1,3}\.\d{1,3})(?!\.?\d)/,
    keywords: ["169.254."],
    validate: (v, c) => octetsValid(v) && notVersion(c.text, c.index),
  },
  {
    id: "ula-ipv6",
    title: "Unique-local IPv6 address",
    severity: "low",
    regex: /(?<![0-9A-Za-z:])(f[cd][0-9a-f]{2}:(?:[0-9a-f]{0,4}:){1,6}[0-9a-f]{1,4})(?![0-9A-Za-z:])/i,
    keywords: ["fc", "fd"],
  },
  {
    id: "internal-hostname",
    title: "Internal hostname",
    severity: "low",
    regex: /(?<![\w.-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,10}(?:svc\.cluster\.local|cluster\.local|internal|localdomain|intranet|corp|lan|local))(?![\w-]|\.[a-z0-9])/i,
    keywords: [".internal", ".local", ".intranet", ".corp", ".lan"],
    // `settings.local`, `window.local` and friends are code, not hosts: require a host-like first label.
    validate: (v) => !/^(?:settings|config|window|self|this|app|env|process|file|data|storage|session|module|exports)\./i.test(v),
  },
];

export const internalAddressTable = compileTable(INTERNAL_ADDRESS_ROWS);
