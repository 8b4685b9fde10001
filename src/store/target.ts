// One key per API target so `http://127.0.0.1:8000/` and `http://127.0.0.1:8000` share a history.

export function targetKey(target: string): string {
  try {
    const u = new URL(target.trim());
    const pathname = u.pathname.replace(/\/+$/, "");
    return `${u.protocol}//${u.host}${pathname}`;
  } catch {
    return target.trim().replace(/\/+$/, "").toLowerCase();
  }
}
