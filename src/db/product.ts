// Which PostgreSQL-wire product answered (CockroachDB or PostgreSQL), from what it chose to tell:
// ParameterStatus values when a session was reached, else the shape of its error messages.
import type { PgError } from "./pg-wire.js";

export type DbProduct = "cockroachdb" | "postgresql";

export interface ProductGuess {
  name: DbProduct | null;
  version: string | null;
  evidence: string[];
}

interface ErrorShapeRow {
  product: DbProduct;
  test: (e: PgError) => boolean;
  evidence: (e: PgError) => string;
}

/** Error-shape tells, strongest first. CockroachDB is written in Go and sends no 'V' field; PostgreSQL
 *  (9.6+) sends 'V' and C source file names. */
export const ERROR_SHAPES: readonly ErrorShapeRow[] = [
  {
    product: "cockroachdb",
    test: (e) => /node is running secure mode/i.test(e.message),
    evidence: (e) => `error text "${e.message}" is CockroachDB's`,
  },
  {
    product: "cockroachdb",
    test: (e) => !!e.file && /\.go$/.test(e.file),
    evidence: (e) => `error source file ${e.file} is Go code (CockroachDB)`,
  },
  {
    product: "postgresql",
    test: (e) => !!e.file && /\.c$/.test(e.file) && "V" in e.fields,
    evidence: (e) => `error carries PostgreSQL's non-localized severity field and C source file ${e.file}`,
  },
  {
    product: "postgresql",
    test: (e) => /pg_hba\.conf/.test(e.message),
    evidence: () => "error mentions pg_hba.conf",
  },
];

/** From ParameterStatus values (only sent once a session is authenticated). */
export function productFromParameters(params: Record<string, string>): ProductGuess | null {
  const crdb = params.crdb_version;
  if (crdb) {
    const v = /v?(\d+\.\d+(?:\.\d+)?)/.exec(crdb)?.[1] ?? null;
    return { name: "cockroachdb", version: v, evidence: [`crdb_version = ${crdb}`] };
  }
  const sv = params.server_version;
  if (sv) return { name: "postgresql", version: sv.split(" ")[0] ?? sv, evidence: [`server_version = ${sv}`] };
  return null;
}

export function productFromError(e: PgError): ProductGuess | null {
  for (const row of ERROR_SHAPES) {
    if (row.test(e)) return { name: row.product, version: null, evidence: [row.evidence(e)] };
  }
  return null;
}

/** Merges guesses: a named product with a version wins; evidence accumulates. */
export function mergeGuesses(guesses: (ProductGuess | null)[]): ProductGuess {
  const out: ProductGuess = { name: null, version: null, evidence: [] };
  for (const g of guesses) {
    if (!g) continue;
    if (!out.name) out.name = g.name;
    if (g.name === out.name) {
      out.version ??= g.version;
      out.evidence.push(...g.evidence);
    }
  }
  return out;
}
