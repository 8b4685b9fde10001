// `rampart scan <url>`: its flags and help; the scan itself lives in ../commands/scan.ts, loaded when it runs.
import type { Command } from "commander";
import { FORMATS } from "../../../report/renderers/formats.js";
import type { ScanFlags } from "../../scan-options.js";
import type { CliCommand } from "../command.js";
import { collect, discoverFlag, contextFlag, depthFlag, intFlag, modeFlag, rateFlag, severityFlag, thresholdFlag } from "../parse.js";

/** Adds the flags shared by `scan` and `demo`. */
export function addScanFlags(cmd: Command): Command {
  return cmd
    .option("--spec <url|file>", "OpenAPI/Swagger document, Postman collection (v2.x), HAR file or GraphQL SDL, detected by content (default: try well-known locations on the target)")
    .option("--postman-env <file>", "Postman environment export whose values fill the collection's {{variables}} (with a Postman --spec)")
    .option("--discover <level>", "off | standard | deep: look for live routes the description leaves out (default standard; GET only, a share of --budget)", discoverFlag)
    .option("--endpoints <file>", "plain endpoint list, one 'METHOD /path' per line (alone or beside --spec)")
    .option("--graphql <url|path>", "GraphQL endpoint to scan (default: look at /graphql, /api/graphql, /query …); give its SDL schema with --spec schema.graphql")
    .option("--auth <credential>", "bearer:<token> | header:<Name>=<v> | query:<n>=<v> | basic:<user>:<pass> | cookie:<n>=<v>; prefix @label= for a named identity; values may be env:VAR (repeatable)", collect)
    .option("--mode <mode>", "passive | safe | active (default safe: the HTTP-safe methods GET/HEAD/OPTIONS/TRACE only; active sends attack payloads and writes, then undoes what it created: see docs/active.md)", modeFlag)
    .option("--confirm-target <host>", "with --mode active: the target's host, named again, when it is outside loopback/private ranges (repeatable)", collect)
    .option(
      "--callback-host <host[:port]>",
      "with --mode active: the address the target can reach this machine at, for probes that make it fetch from the scanner (a JWT jku key set or x5u certificate); loopback targets need none (default: such probes are skipped off loopback)",
    )
    .option("--depth <depth>", "quick | standard | deep (default standard)", depthFlag)
    .option("--context <context>", "financial | medical | public | internal: adjusts severities", contextFlag)
    .option("--format <format>", `output format: ${FORMATS.join(" | ")} | pdf (default summary); several, comma-separated, with --output-dir; pdf needs -o or --output-dir`)
    .option("-o, --output <file>", "write the report to a file instead of stdout")
    .option("--output-dir <dir>", "write one file per --format into this directory (rampart-report.json, rampart.sarif, …)")
    .option("--config <file>", "settings file (default: .rampart.yml in the working directory if present)")
    .option("--baseline <file>", "ignore entries (YAML or JSON) whose findings are suppressed; see rampart baseline")
    .option("--threshold <score|grade>", "gate: exit 1 when the score is under this (0-100 or A-F)", thresholdFlag)
    .option("--fail-on <severity>", "gate: exit 1 on any finding at or above this severity", severityFlag)
    .option("--concurrency <n>", "parallel requests (default 8)", intFlag("--concurrency", 1, 256))
    .option("--rate <n/s>", "requests per second, global (default 50/s)", rateFlag)
    .option("--budget <n>", "maximum requests for the whole scan (default 2000)", intFlag("--budget", 1, 1_000_000))
    .option("--timeout <ms>", "per-request timeout in ms (default 10000)", intFlag("--timeout", 100, 600_000))
    .option("--include-operation <op>", "call a state-changing-looking operation anyway, e.g. 'GET /reset' (repeatable)", collect)
    .option("--checks <prefix>", "only run checks whose id starts with this, e.g. encryption. (repeatable)", collect)
    .option("--skip-checks <prefix>", "do not run checks whose id starts with this (repeatable)", collect)
    .option("--burst <n>", "requests in the rate-limit burst probe (default 30)", intFlag("--burst", 1, 500))
    .option("--llm-pace <ms>", "pause between prompts sent to an AI endpoint (default 500)", intFlag("--llm-pace", 0, 60_000))
    .option("--ca <pem>", "extra trusted CA certificate(s), PEM file")
    .option(
      "--transport-from <url>",
      "where the API's TLS is really served, e.g. https://api.example.com (audited there instead of this socket), or terminated-upstream (transport checks not applicable)",
    )
    .option("--dsn <url>", "database connection string to analyse and probe (repeatable)", collect)
    .option("--db <host:port>", "PostgreSQL-wire database to probe (repeatable)", collect)
    .option("--probe-db", "also probe the API host's database ports (5432, 26257)")
    .option("--no-store", "do not save this scan in the local scan history")
    .option("--dry-run", "print the planned requests per check and the total (every request of an active check), without sending any probe");
}

export const scanCommand: CliCommand = {
  name: "scan",
  register(program, io) {
    const cmd = program
      .command("scan")
      .description("scan an API: discover its spec, probe read-only, grade A-F with findings and fixes")
      .argument("[url]", "base URL of the API, e.g. http://127.0.0.1:8000 (default: target in .rampart.yml)");
    addScanFlags(cmd)
      .addHelpText(
        "after",
        `
Examples:
  rampart scan http://127.0.0.1:8000
  rampart scan http://127.0.0.1:8000 --spec ./openapi.yaml --auth bearer:env:API_TOKEN
  rampart scan https://api.local --auth @alice=bearer:env:ALICE --auth @bob=bearer:env:BOB --depth deep
  rampart scan http://127.0.0.1:8000 --format json -o report.json --threshold B --fail-on high
  rampart scan http://127.0.0.1:8000 --spec ./collection.postman.json --postman-env ./staging.postman_environment.json
  rampart scan http://127.0.0.1:8000 --spec ./traffic.har --endpoints ./extra-routes.txt
  rampart scan http://127.0.0.1:8000 --dry-run
  rampart scan http://127.0.0.1:8000 --mode active --auth @alice=bearer:env:ALICE --dry-run
  rampart scan https://staging.example.com --mode active --confirm-target staging.example.com
  rampart scan http://10.0.0.8:8000 --mode active --auth bearer:env:API_TOKEN --callback-host 10.0.0.5:8123`,
      )
      .action(async (url: string | undefined, flags: ScanFlags) => {
        const { runScan } = await import("../commands/scan.js");
        io.setExitCode(await runScan(url, flags, io));
      });
  },
};
