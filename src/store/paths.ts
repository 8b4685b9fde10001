// Where the scan database lives: RAMPART_HOME, else the platform's per-user data directory.
import os from "node:os";
import path from "node:path";

export interface DataDirInput {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  home?: string;
}

/** The directory Rampart keeps its data in (not created here). */
export function dataDir(input: DataDirInput = {}): string {
  const env = input.env ?? process.env;
  const platform = input.platform ?? process.platform;
  const home = input.home ?? os.homedir();
  const explicit = env.RAMPART_HOME?.trim();
  if (explicit) return path.resolve(explicit);
  if (platform === "win32") {
    const base = env.LOCALAPPDATA?.trim() || env.APPDATA?.trim() || path.join(home, "AppData", "Local");
    return path.join(base, "rampart");
  }
  const xdg = env.XDG_DATA_HOME?.trim();
  // XDG paths must be absolute to be honoured (XDG Base Directory spec).
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, "rampart");
  if (platform === "darwin") return path.join(home, "Library", "Application Support", "rampart");
  return path.join(home, ".local", "share", "rampart");
}

export const DB_FILE_NAME = "rampart.db";

export function defaultDbPath(input: DataDirInput = {}): string {
  return path.join(dataDir(input), DB_FILE_NAME);
}
