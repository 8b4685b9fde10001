// Response headers that advertise the software stack (inventoryManagement.server-fingerprint).
// `always`: the header exists only to advertise (X-Powered-By, X-AspNet-Version), so it is reported even
// without a version; the others (Server, Via) are reported when they carry a version number.

export interface BannerHeader {
  header: string;
  always: boolean;
}

export const BANNER_HEADERS: readonly BannerHeader[] = [
  { header: "server", always: false },
  { header: "x-powered-by", always: true },
  { header: "x-aspnet-version", always: true },
  { header: "x-aspnetmvc-version", always: true },
  { header: "x-generator", always: true },
  { header: "x-runtime-version", always: true },
  { header: "x-server-version", always: true },
  { header: "x-envoy-version", always: true },
  { header: "via", always: false },
];

/** `nginx/1.25.3`, `Apache/2.4.57 (Debian)`, `PHP/8.2.1`, `Microsoft-IIS/10.0`, `Werkzeug/3.0.1 Python/3.12.1`. */
const VERSION = /(?:(?<!HTTP)\/|\bv|\s)(\d+\.\d+(?:\.\d+){0,2})(?![\d.])/i;

export function bannerVersion(value: string): string | null {
  return VERSION.exec(value)?.[1] ?? null;
}
