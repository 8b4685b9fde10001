import { describe } from "vitest";
import { internalAddressTable } from "../../src/patterns/internal-addresses.js";
import { corpusTests, type RowCorpus } from "./_corpus.js";

export const INTERNAL_CORPUS: Record<string, RowCorpus> = {
  "private-ipv4": {
    positive: [
      { text: '{"upstream":"10.0.3.17:8080"}', value: "10.0.3.17" },
      { text: "proxied by 192.168.1.20", value: "192.168.1.20" },
      { text: "host=172.20.0.5", value: "172.20.0.5" },
    ],
    negative: ['{"version":"10.2.0.1"}', "172.32.0.1", "1.10.0.0.1", "10.0.0.256", "OID 1.3.6.1.4.1.10.1.2.3", "8.8.8.8", "10.01.2.3"],
  },
  "link-local-ipv4": { positive: ["http://169.254.169.254/latest/meta-data/"], negative: ["169.254.300.1", "v169.254.1.1.2"] },
  "ula-ipv6": { positive: ["[fd12:3456:789a:1::1]:8080", "fc00::1"], negative: ["fe80::1", "fdata:stuff", "2001:db8::1"] },
  "internal-hostname": {
    positive: [
      { text: '{"db":"postgres.prod.svc.cluster.local"}', value: "postgres.prod.svc.cluster.local" },
      { text: "ip-10-0-0-1.ec2.internal", value: "ip-10-0-0-1.ec2.internal" },
      { text: "http://build01.corp/jobs", value: "build01.corp" },
      { text: "printer.local", value: "printer.local" },
    ],
    negative: ["settings.local.py", "window.local", "api.example.com", "internal server error", "my.internal.example.com", "config.local"],
  },
};

describe("internal address table", () => corpusTests(internalAddressTable, INTERNAL_CORPUS));
