import { describe, expect, it } from "vitest";
import { parseAuth } from "../../src/http/credentials.js";
import { placeholderFor, redactHeaders, redactKnownSecrets, secretsOf } from "../../src/http/redact.js";

describe("placeholderFor", () => {
  it("names placeholders after kind, name and label", () => {
    expect(placeholderFor({ kind: "bearer", name: "Authorization" })).toBe("$RAMPART_TOKEN");
    expect(placeholderFor({ kind: "bearer", name: "Authorization" }, "alice")).toBe("$RAMPART_ALICE_TOKEN");
    expect(placeholderFor({ kind: "header", name: "X-Api-Key" }, "bob-2")).toBe("$RAMPART_BOB_2_X_API_KEY");
    expect(placeholderFor({ kind: "basic", name: "Authorization" })).toBe("$RAMPART_BASIC");
    expect(placeholderFor({ kind: "query", name: "api_key" })).toBe("$RAMPART_API_KEY");
    expect(placeholderFor({ kind: "cookie", name: "session" })).toBe("$RAMPART_SESSION");
  });
});

describe("redactKnownSecrets", () => {
  const ids = parseAuth([
    "bearer:tok/with+special=chars",
    "@alice=header:X-Key=alice-key-1",
    "@alice=basic:alice:wonder land",
    "@bob=cookie:sid=bob-session",
  ]);
  const secrets = secretsOf(ids);

  it("replaces raw, URL-encoded, form-encoded, JSON-escaped and base64 forms", () => {
    const text = [
      "raw tok/with+special=chars",
      `url ${encodeURIComponent("tok/with+special=chars")}`,
      `form ${new URLSearchParams({ t: "tok/with+special=chars" }).toString()}`,
      "hdr alice-key-1",
      `basic ${Buffer.from("alice:wonder land").toString("base64")}`,
      'json {"password":"wonder land"}',
      "cookie sid=bob-session",
    ].join("\n");
    const out = redactKnownSecrets(text, secrets);
    expect(out).not.toMatch(/tok\/with|tok%2Fwith|alice-key-1|wonder|bob-session/);
    expect(out).not.toContain(Buffer.from("alice:wonder land").toString("base64"));
    expect(out).toContain("raw $RAMPART_TOKEN");
    expect(out).toContain("url $RAMPART_TOKEN");
    expect(out).toContain("hdr $RAMPART_ALICE_X_KEY");
    expect(out).toContain("basic $RAMPART_ALICE_BASIC_B64");
    expect(out).toContain('"password":"$RAMPART_ALICE_PASSWORD"');
    expect(out).toContain("sid=$RAMPART_BOB_SID");
  });

  it("redacts header maps and leaves text without secrets untouched", () => {
    expect(redactHeaders({ "x-echo": "alice-key-1" }, secrets)).toEqual({ "x-echo": "$RAMPART_ALICE_X_KEY" });
    expect(redactKnownSecrets("nothing here", secrets)).toBe("nothing here");
  });

  it("does not search free text for values shorter than four characters", () => {
    const short = secretsOf(parseAuth(["bearer:ab"]));
    expect(redactKnownSecrets("table", short)).toBe("table");
  });
});
