// Stack traces and exception dumps by runtime (dataExposure.stack-trace, inputValidation.verbose-errors).
// Each row needs a frame-shaped line, not just an exception word, so "error" in prose never matches.
// Scan the unescaped view of JSON bodies (patterns/text.ts textViews): traces are often JSON strings.
import { compileTable, type PatternRow } from "./table.js";

export interface StackRow extends PatternRow {
  runtime: "python" | "java" | "dotnet" | "node" | "go" | "ruby" | "php" | "elixir";
}

export const STACK_ROWS: readonly StackRow[] = [
  {
    id: "python-traceback",
    runtime: "python",
    title: "Python traceback",
    severity: "medium",
    regex: /Traceback \(most recent call last\):\s{0,4}\n?\s{0,8}File "[^"\n]{1,300}", line \d+/,
    keywords: ["traceback (most recent call last)"],
  },
  {
    id: "python-frame",
    runtime: "python",
    title: "Python stack frames",
    severity: "medium",
    regex: /File "[^"\n]{1,300}\.py", line \d{1,6}, in [\w<>]{1,80}/,
    keywords: ['.py", line'],
  },
  {
    id: "java-stack",
    runtime: "java",
    title: "Java/JVM stack trace",
    severity: "medium",
    regex: /(?<![\w$.])(?:[a-z][\w$]{0,60}\.){2,12}[A-Z][\w$]{0,80}(?:Exception|Error)\b[^\n]{0,300}\n\s{1,12}at (?:[\w$/]{1,80}\.){2,20}[\w$<>]{1,80}\((?:[\w$]{1,80}\.(?:java|kt|scala|groovy):\d+|Native Method|Unknown Source)\)/,
    keywords: ["\tat ", "    at ", "  at ", "\nat "],
  },
  {
    id: "java-frames",
    runtime: "java",
    title: "Java/JVM stack frames",
    severity: "medium",
    regex: /\bat (?:[\w$/]{1,80}\.){2,20}[\w$<>]{1,80}\([\w$]{1,80}\.(?:java|kt|scala|groovy):\d+\)\s{0,4}\n\s{0,12}at (?:[\w$/]{1,80}\.){2,20}[\w$<>]{1,80}\(/,
    keywords: [".java:", ".kt:", ".scala:", ".groovy:"],
  },
  {
    id: "dotnet-stack",
    runtime: "dotnet",
    title: ".NET stack trace",
    severity: "medium",
    regex: /\bat [\w.`<>[\]]{3,300}\([^)\n]{0,300}\)(?: in [^\n]{1,300}:line \d+)?\s{0,4}\n\s{0,12}at [\w.`<>[\]]{3,300}\(|System\.[\w.]{1,100}Exception: [^\n]{0,300}\n\s{0,12}at [\w.`<>[\]]{3,300}\(|--- End of (?:inner exception )?stack trace/,
    keywords: ["system.", "end of stack trace", ":line ", "end of inner exception"],
  },
  {
    id: "node-stack",
    runtime: "node",
    title: "Node.js stack trace",
    severity: "medium",
    regex: /(?:Error|Exception)\b[^\n]{0,300}\n\s{2,8}at (?:[^\n()]{1,200} \()?(?:\/|[A-Za-z]:\\|node:|file:\/\/|internal\/)[^\n()]{1,300}:\d+:\d+\)?/,
    keywords: ["    at ", "node:internal", "node_modules"],
  },
  {
    id: "go-panic",
    runtime: "go",
    title: "Go panic / goroutine dump",
    severity: "medium",
    regex: /goroutine \d+ \[[a-z ]{3,40}\]:\s{0,4}\n[^\n]{1,300}\n\s{1,8}[^\n]{1,300}\.go:\d+|panic: [^\n]{1,300}\n(?:[^\n]{0,300}\n){0,3}goroutine \d+ \[/,
    keywords: ["goroutine "],
  },
  {
    id: "ruby-backtrace",
    runtime: "ruby",
    title: "Ruby backtrace",
    severity: "medium",
    regex: /(?:\/[\w.@+-]{1,100}){1,20}\.rb:\d+:in [`'][^'\n]{1,200}'[\s",]{1,8}(?:\/[\w.@+-]{1,100}){1,20}\.rb:\d+:in /,
    keywords: [".rb:"],
  },
  {
    id: "php-error",
    runtime: "php",
    title: "PHP error / stack trace",
    severity: "medium",
    regex: /(?:PHP )?(?:Fatal error|Parse error|Warning|Notice|Deprecated)(?::|<\/b>:)\s{0,4}[^\n]{1,400} in (?:<b>)?\/[^\n<]{1,300}\.php(?:<\/b>)? on line (?:<b>)?\d+|Stack trace:\s{0,4}\n#0 [^\n]{1,300}\.php\(\d+\)/,
    keywords: [".php"],
  },
  {
    id: "elixir-stack",
    runtime: "elixir",
    title: "Elixir/Erlang stack trace",
    severity: "medium",
    regex: /\*\* \([\w.]{1,100}\) [^\n]{1,300}\n\s{2,8}\([\w_]{1,40} [\d.]{1,20}\) [\w/.]{1,200}\.ex:\d+:/,
    keywords: [".ex:"],
  },
];

export const stackTable = compileTable(STACK_ROWS);
