// Every pattern table, and the fingerprinter, on texts built to trigger super-linear regex behaviour
// (long dotted chains, digit runs, repeated keywords). A catastrophic pattern would blow the test
// timeout; each scan must also respect its match limit.
import { describe, expect, it } from "vitest";
import { fingerprint } from "../../src/discovery/fingerprint.js";
import { emailTable, phoneTable } from "../../src/patterns/contact.js";
import { debugPageTable, sqlErrorTable } from "../../src/patterns/error-signatures.js";
import { internalAddressTable } from "../../src/patterns/internal-addresses.js";
import { piiTable } from "../../src/patterns/pii.js";
import { secretTable } from "../../src/patterns/secrets.js";
import { stackTable } from "../../src/patterns/stack-traces.js";
import { findTokens } from "../../src/patterns/tokens.js";
import type { CompiledTable, PatternRow } from "../../src/patterns/table.js";

const N = 60_000;
export const ADVERSARIAL: Record<string, string> = {
  dottedChain: "a.".repeat(N),
  dottedUpper: "com.example.".repeat(N / 6) + "X",
  digits: "1".repeat(N),
  digitDash: "12-".repeat(N / 3),
  digitSpace: "1234 ".repeat(N / 5),
  ats: "@".repeat(N),
  emailish: "a@b.".repeat(N / 4),
  secretish: `"secret":"${"a1B2".repeat(N / 4)}"`,
  slashes: "/a".repeat(N / 2) + ".rb:1:in `x'",
  ats2: " at ".repeat(N / 4),
  errorFrames: "Error\n    at ".repeat(N / 12),
  javaFrames: "\tat a.b.".repeat(N / 8),
  fileQuotes: 'File "'.repeat(N / 6),
  labels: "ssn ".repeat(N / 4) + "123-45-6789",
  skDash: "sk-".repeat(N / 3),
  ipDots: "10.".repeat(N / 3),
  hostDots: "x.internal.".repeat(N / 11),
  jwtish: "eyJ".repeat(N / 3) + "." + "eyJ".repeat(N / 3),
  plus: "+1 ".repeat(N / 3),
  brackets: "[".repeat(N) + "]".repeat(N),
  quotes: '"'.repeat(N),
  nul: "\u0000\ufffd".repeat(N / 2),
};
ADVERSARIAL.everything = Object.values(ADVERSARIAL).join("\n");

const tables: Record<string, CompiledTable<PatternRow>> = {
  pii: piiTable,
  email: emailTable,
  phone: phoneTable,
  secrets: secretTable,
  stack: stackTable,
  sql: sqlErrorTable,
  debug: debugPageTable,
  internal: internalAddressTable,
};

describe("adversarial inputs", () => {
  for (const [name, table] of Object.entries(tables)) {
    it(`${name} table finishes on every adversarial text within its match limit`, () => {
      for (const text of Object.values(ADVERSARIAL)) expect(table.scan(text, 10).length).toBeLessThanOrEqual(10);
    });
  }
  it("findTokens and fingerprint finish too", () => {
    for (const [name, text] of Object.entries(ADVERSARIAL)) {
      expect(findTokens(text, null, 50).length, name).toBeLessThanOrEqual(50);
      const fp = fingerprint([
        {
          id: 1, source: "t", operation: null, error: null, redirects: [],
          request: { method: "GET", url: "http://127.0.0.1/x", headers: { authorization: text.slice(0, 5000) }, body: null, identity: null },
          response: { status: 500, headers: { server: text.slice(0, 5000), "set-cookie": text.slice(0, 5000) }, body: text, size: text.length, truncated: false, contentType: "text/plain", timeMs: 1 },
        },
      ]);
      expect(fp.auth.length, name).toBeLessThan(10);
    }
  });
});
