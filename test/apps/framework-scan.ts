// Runs a real scan against a fixture app on 127.0.0.1: the spec (when given as an object) goes to a
// temporary file, so a hardened app need not publish it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { scan } from "../../src/index.js";
import type { ScanOptions } from "../../src/engine/options.js";
import type { Finding, ScanReport } from "../../src/core/types.js";
import { startServer, type Handler } from "../helpers/fixture-server.js";

export async function scanApp(
  handler: Handler,
  options: Omit<ScanOptions, "target" | "spec"> & { spec?: Record<string, unknown> | string | null },
): Promise<ScanReport> {
  const server = await startServer(handler);
  let dir: string | null = null;
  try {
    let spec: string | null | undefined = typeof options.spec === "string" || options.spec === null ? options.spec : undefined;
    if (options.spec && typeof options.spec === "object") {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "rampart-spec-"));
      spec = path.join(dir, "openapi.json");
      fs.writeFileSync(spec, JSON.stringify(options.spec));
    }
    return await scan({ ...options, target: server.url, spec });
  } finally {
    await server.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function findingsOf(report: ScanReport, checkId: string): Finding[] {
  return report.findings.filter((f) => f.checkId === checkId);
}

/** Every excerpt/note/reproduce string of a report, for "no raw secret anywhere" assertions. */
export function reportText(report: ScanReport): string {
  return JSON.stringify(report);
}
