// Plain-text tables of the listing commands: columns padded to their widest cell, the last one left ragged.
export function table(rows: readonly (readonly string[])[]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")).join("\n");
}

/** An ISO time as `YYYY-MM-DD HH:MM` (UTC), or `-`. */
export const when = (iso: string | null | undefined): string => (iso ? iso.slice(0, 16).replace("T", " ") : "-");
