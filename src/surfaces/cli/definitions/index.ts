// Every CLI command, in help order. A definition names the command, its arguments, options and help; its
// action imports the command's module (../commands/<name>.js) only when it runs, so `--version`, `--help`
// and one command never load the others' dependencies. Add a command by adding its definition here.
import type { CliCommand } from "../command.js";
import { baselineCommand } from "./baseline.js";
import { dbCommand } from "./db.js";
import { demoCommand } from "./demo.js";
import { diffCommand } from "./diff.js";
import { explainCommand } from "./explain.js";
import { historyCommand } from "./history.js";
import { llmCommand } from "./llm.js";
import { mcpCommand } from "./mcp.js";
import { monitorCommand } from "./monitor.js";
import { probesCommand } from "./probes.js";
import { resultsCommand } from "./results.js";
import { scanCommand } from "./scan.js";
import { serveCommand } from "./serve.js";
import { storeCommand } from "./store.js";
import { tlsCommand } from "./tls.js";
import { tokensCommand } from "./tokens.js";
import { webhookCommand } from "./webhook.js";
import { workerCommand } from "./worker.js";

export const commands: CliCommand[] = [scanCommand, llmCommand, probesCommand, demoCommand, historyCommand, resultsCommand, diffCommand, baselineCommand, tlsCommand, dbCommand, explainCommand, mcpCommand, serveCommand, workerCommand, tokensCommand, monitorCommand, webhookCommand, storeCommand];
