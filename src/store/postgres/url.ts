// PostgreSQL store URLs without loading the driver (the CLI only loads `pg` when a PostgreSQL store is used).

export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value.trim());
}

/** The URL with its password replaced, for messages and logs. */
export function redactPgUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    for (const k of [...u.searchParams.keys()]) if (/pass|secret|key/i.test(k)) u.searchParams.set(k, "***");
    return u.toString();
  } catch {
    return "postgres://…";
  }
}
