// HSTS parsing shared by hsts-missing and hsts-weak.
export interface Hsts {
  maxAge: number | null;
  includeSubDomains: boolean;
  preload: boolean;
}

export const HSTS_MIN_MAX_AGE = 31_536_000;

export function parseHsts(value: string): Hsts {
  const parts = value.split(";").map((p) => p.trim().toLowerCase());
  const ma = parts.find((p) => p.startsWith("max-age"));
  const n = ma ? Number(ma.split("=")[1]?.replace(/"/g, "").trim()) : NaN;
  return {
    maxAge: Number.isFinite(n) ? n : null,
    includeSubDomains: parts.includes("includesubdomains"),
    preload: parts.includes("preload"),
  };
}
