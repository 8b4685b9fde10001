// The SQL `rampart store copy` runs for one table on one backend, built from its CopySpec (contract.ts):
// a page read in the portable form, and an insert that skips rows already there.
import { COPY_TABLES, type CopySpec, type CopyTable, type PortableRow } from "./contract.js";

export type Dialect = "sqlite" | "postgres";

function spec(table: CopyTable): CopySpec {
  return COPY_TABLES[table] as CopySpec;
}

/** SELECT of one page; its two parameters are LIMIT and OFFSET (`?` on SQLite, `$1`/`$2` on PostgreSQL). */
export function copyReadSql(table: CopyTable, dialect: Dialect): string {
  const t = spec(table);
  const columns = t.columns.map((c) => {
    const computed = t.read?.[c];
    if (computed) return `${computed} AS ${c}`;
    return dialect === "postgres" && t.booleans?.includes(c) ? `${c}::int AS ${c}` : c;
  });
  const page = dialect === "postgres" ? "LIMIT $1 OFFSET $2" : "LIMIT ? OFFSET ?";
  return `SELECT ${columns.join(", ")} FROM ${table} ORDER BY ${t.order} ${page}`;
}

/** The INSERT of one row, and the parameters it takes from a portable row (by name on SQLite, by position on PostgreSQL). */
export function copyWriteSql(table: CopyTable, dialect: Dialect): { sql: string; params: (row: PortableRow) => unknown } {
  const t = spec(table);
  const stored = t.columns.filter((c) => !t.virtual?.includes(c));
  const targets = [...stored, ...Object.keys(t.write ?? {})];
  const exprs = [
    ...stored.map((c) => (dialect === "postgres" && t.booleans?.includes(c) ? `:${c}::int::boolean` : `:${c}`)),
    ...Object.values(t.write ?? {}),
  ];
  const template = `INSERT INTO ${table} (${targets.join(", ")}) VALUES (${exprs.join(", ")}) ON CONFLICT DO NOTHING`;
  if (dialect === "sqlite") {
    const sql = template.replace(/:([a-z_]+)(?![a-z_])/g, "@$1");
    const names = [...new Set([...template.matchAll(/:([a-z_]+)(?![a-z_])/g)].map((m) => m[1] as string))];
    return { sql, params: (row) => Object.fromEntries(names.map((n) => [n, row[n] ?? null])) };
  }
  const order: string[] = [];
  const sql = template.replace(/(?<!:):([a-z_]+)(?![a-z_])/g, (_, name: string) => {
    order.push(name);
    return `$${order.length}`;
  });
  return { sql, params: (row) => order.map((n) => row[n] ?? null) };
}
