// The hand-written PostgreSQL protocol pieces: message bytes, framing limits, error fields, and the
// verdict/product tables with a true and a false example per row.
import { describe, expect, it } from "vitest";
import {
  buildSslRequest,
  buildStartupMessage,
  frameMessage,
  MAX_MESSAGE_BYTES,
  parseAuthRequest,
  parseErrorResponse,
  type PgError,
} from "../../src/db/pg-wire.js";
import { ERROR_SHAPES, productFromParameters } from "../../src/db/product.js";
import { classifyStartupError, ERROR_VERDICTS } from "../../src/db/startup-verdicts.js";

function errorBody(fields: [string, string][]): Buffer {
  return Buffer.concat([...fields.map(([k, v]) => Buffer.from(`${k}${v}\0`)), Buffer.from([0])]);
}

function pgError(fields: [string, string][]): PgError {
  return parseErrorResponse(errorBody(fields));
}

describe("messages", () => {
  it("SSLRequest is length 8 + code 80877103", () => {
    expect(buildSslRequest().toString("hex")).toBe("0000000804d2162f");
  });

  it("StartupMessage carries protocol 3.0 and the parameters, never a password", () => {
    const m = buildStartupMessage({ user: "rampart_probe", database: "postgres" });
    expect(m.readInt32BE(0)).toBe(m.length);
    expect(m.readInt32BE(4)).toBe(196608);
    expect(m.subarray(8).toString()).toBe("user\0rampart_probe\0database\0postgres\0\0");
    expect(m.toString()).not.toMatch(/password/);
  });

  it("frames a whole message, waits for a partial one, rejects foreign or oversized ones", () => {
    const auth = Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0]); // AuthenticationOk
    const f = frameMessage(Buffer.concat([auth, Buffer.from("Z")]));
    expect(f.kind).toBe("message");
    if (f.kind === "message") {
      expect(f.message.type).toBe("R");
      expect(f.rest.toString()).toBe("Z");
    }
    expect(frameMessage(auth.subarray(0, 6)).kind).toBe("incomplete");
    expect(frameMessage(Buffer.from("HTTP/1.1 400 Bad Request")).kind).toBe("invalid");
    const huge = Buffer.from([0x45, 0, 0, 0, 0]);
    huge.writeInt32BE(MAX_MESSAGE_BYTES + 1, 1);
    expect(frameMessage(huge)).toMatchObject({ kind: "invalid", reason: expect.stringMatching(/implausible/) });
  });

  it("parses SASL mechanisms and MD5 requests", () => {
    const sasl = Buffer.concat([Buffer.from([0, 0, 0, 10]), Buffer.from("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0\0")]);
    expect(parseAuthRequest(sasl)).toEqual({ code: 10, method: "sasl", mechanisms: ["SCRAM-SHA-256-PLUS", "SCRAM-SHA-256"] });
    expect(parseAuthRequest(Buffer.from([0, 0, 0, 5, 1, 2, 3, 4]))?.method).toBe("md5");
    expect(parseAuthRequest(Buffer.from([0, 0, 0, 99]))?.method).toBe("unknown");
    expect(parseAuthRequest(Buffer.from([0, 0]))).toBeNull();
  });

  it("parses error fields and keeps their order", () => {
    const e = pgError([["S", "FATAL"], ["V", "FATAL"], ["C", "28000"], ["M", "no pg_hba.conf entry"], ["F", "auth.c"], ["R", "ClientAuthentication"]]);
    expect(e).toMatchObject({ severity: "FATAL", sqlstate: "28000", message: "no pg_hba.conf entry", file: "auth.c", routine: "ClientAuthentication" });
    expect(e.order).toEqual(["S", "V", "C", "M", "F", "R"]);
  });
});

// Real server texts (PostgreSQL 15 and CockroachDB) for each verdict row, and one that must not match.
const VERDICT_CORPUS: Record<string, { hit: [string, string]; miss: [string, string] }> = {
  "pg-hba-no-entry-plaintext": {
    hit: ["28000", 'no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", no encryption'],
    miss: ["28000", 'no pg_hba.conf entry for host "10.0.0.5", user "app", database "app", SSL encryption'],
  },
  "pg-hba-reject-plaintext": {
    hit: ["28000", 'pg_hba.conf rejects connection for host "127.0.0.1", user "x", database "postgres", no encryption'],
    miss: ["28000", 'pg_hba.conf rejects connection for host "127.0.0.1", user "x", database "postgres", SSL encryption'],
  },
  "cockroach-secure-mode": {
    hit: ["08P01", "node is running secure mode, SSL connection required"],
    miss: ["08P01", "node is running insecure mode"],
  },
  "ssl-required": { hit: ["08P01", "SSL connection is required"], miss: ["08P01", "invalid startup packet layout"] },
  "role-or-database-missing": { hit: ["28000", 'role "rampart_probe" does not exist'], miss: ["42P01", 'relation "x" does not exist'] },
  "authentication-failed": { hit: ["28P01", 'password authentication failed for user "root"'], miss: ["28P01", "password expired"] },
  "busy-or-starting": { hit: ["57P03", "the database system is starting up"], miss: ["XX000", "the database system is starting up"] },
  "pg-hba-no-entry-other": {
    hit: ["28000", 'no pg_hba.conf entry for host "127.0.0.1", user "x", database "postgres", SSL encryption'],
    miss: ["28000", "something else"],
  },
};

describe("startup verdict table", () => {
  it("has a corpus entry for every row", () => {
    expect(Object.keys(VERDICT_CORPUS).sort()).toEqual(ERROR_VERDICTS.map((r) => r.id).sort());
  });
  for (const row of ERROR_VERDICTS) {
    it(`${row.id}: matches its example and not the near miss`, () => {
      const c = VERDICT_CORPUS[row.id];
      expect(c).toBeDefined();
      if (!c) return;
      expect(classifyStartupError(pgError([["C", c.hit[0]], ["M", c.hit[1]]])).id).toBe(row.id);
      expect(classifyStartupError(pgError([["C", c.miss[0]], ["M", c.miss[1]]])).id).not.toBe(row.id);
    });
  }
});

describe("product tells", () => {
  const crdbSecure: [string, string][] = [["S", "FATAL"], ["C", "08P01"], ["M", "node is running secure mode, SSL connection required"]];
  const crdbGo: [string, string][] = [["S", "ERROR"], ["C", "28P01"], ["F", "auth.go"], ["L", "120"], ["R", "(*conn).handleAuthentication"], ["M", "password authentication failed"]];
  const pgC: [string, string][] = [["S", "FATAL"], ["V", "FATAL"], ["C", "28000"], ["M", 'role "x" does not exist'], ["F", "miscinit.c"]];
  const pgHba: [string, string][] = [["S", "FATAL"], ["C", "28000"], ["M", "no pg_hba.conf entry for host"]];
  const neutral: [string, string][] = [["S", "FATAL"], ["C", "53300"], ["M", "sorry, too many clients already"]];
  const examples = [crdbSecure, crdbGo, pgC, pgHba];
  ERROR_SHAPES.forEach((row, i) => {
    it(`row ${i} (${row.product}) recognises its example and not a neutral error`, () => {
      const example = examples[i];
      expect(example).toBeDefined();
      if (!example) return;
      expect(row.test(pgError(example))).toBe(true);
      expect(row.test(pgError(neutral))).toBe(false);
    });
  });

  it("ParameterStatus: crdb_version means CockroachDB, server_version alone PostgreSQL", () => {
    expect(productFromParameters({ server_version: "13.0.0", crdb_version: "CockroachDB CCL v23.2.4 (x86_64-pc-linux-gnu)" })).toMatchObject({
      name: "cockroachdb",
      version: "23.2.4",
    });
    expect(productFromParameters({ server_version: "16.2 (Debian 16.2-1)" })).toMatchObject({ name: "postgresql", version: "16.2" });
    expect(productFromParameters({})).toBeNull();
  });
});
