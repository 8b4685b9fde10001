// Server URLs: 3.x Server Objects with variables, 2.0 host/basePath/schemes, and the base path.
import { isObject } from "./pointer.js";

/** A 3.x Server Object's URL with each `{variable}` replaced by its default (or first enum value). */
export function serverUrl(server: Record<string, unknown>): string | null {
  if (typeof server.url !== "string") return null;
  const vars = isObject(server.variables) ? server.variables : {};
  return server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (!isObject(v)) return whole;
    if (typeof v.default === "string" || typeof v.default === "number") return String(v.default);
    if (Array.isArray(v.enum) && (typeof v.enum[0] === "string" || typeof v.enum[0] === "number")) return String(v.enum[0]);
    return whole;
  });
}

/** Path part of a server URL (absolute or relative), without a trailing slash; '' for the root. */
export function pathOfServer(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(url);
  const p = m ? (m[1] ?? "") : (url.split(/[?#]/)[0] ?? "");
  const trimmed = p.replace(/\/+$/, "");
  if (trimmed === "" || trimmed === ".") return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** Swagger 2.0 servers from schemes × host + basePath (relative base path alone without a host). */
export function swaggerServers(root: Record<string, unknown>): { servers: string[]; basePath: string } {
  const basePath = typeof root.basePath === "string" ? pathOfServer(root.basePath) : "";
  const host = typeof root.host === "string" && root.host.trim() !== "" ? root.host.trim().replace(/\/+$/, "") : null;
  if (!host) return { servers: basePath ? [basePath] : [], basePath };
  const schemes = Array.isArray(root.schemes) ? root.schemes.filter((s): s is string => s === "http" || s === "https") : [];
  const list = schemes.length > 0 ? schemes : ["https"];
  return { servers: list.map((s) => `${s}://${host}${basePath}`), basePath };
}
