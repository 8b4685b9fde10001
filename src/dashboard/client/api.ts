// The dashboard's only way to the server: same-origin fetch with the session cookie, the CSRF header on
// state-changing requests, and the server's `{error, message}` answers turned into one readable error.
export interface Me {
  name: string;
  role: "viewer" | "operator" | "admin";
  csrfToken: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

let csrf = "";
let onSignedOut: () => void = () => {};

export function setCsrf(token: string): void {
  csrf = token;
}
export function whenSignedOut(fn: () => void): void {
  onSignedOut = fn;
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && method !== "HEAD") headers["x-csrf-token"] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? null : JSON.stringify(body) });
  } catch {
    throw new ApiFailure(0, "the Rampart server cannot be reached");
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const message = (data as { message?: string } | null)?.message ?? `${res.status} ${res.statusText}`;
    if (res.status === 401 && path !== "/api/session") onSignedOut();
    throw new ApiFailure(res.status, message);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string) => call<T>("GET", path),
  post: <T>(path: string, body?: unknown) => call<T>("POST", path, body ?? {}),
  put: <T>(path: string, body: unknown) => call<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => call<T>("PATCH", path, body),
  del: <T>(path: string) => call<T>("DELETE", path),
};

export const query = (params: Record<string, string | number | null | undefined>): string => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
};

/** The most a listing route gives in one page; the dashboard shows that many and says when there are more. */
export const PAGE_MAX = 500;

/** `total` of a paged answer, or null when the answer is not paged. */
export function totalOf(data: unknown): number | null {
  const total = (data as { total?: unknown } | null)?.total;
  return typeof total === "number" ? total : null;
}

/** The array of a list answer, whether the API sends it bare or as `{items}` / `{<name>}`. */
export function listOf<T>(data: unknown, name: string): T[] {
  if (Array.isArray(data)) return data as T[];
  const o = (data ?? {}) as Record<string, unknown>;
  const list = o["items"] ?? o[name];
  return Array.isArray(list) ? (list as T[]) : [];
}
