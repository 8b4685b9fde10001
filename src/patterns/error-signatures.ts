// Error signatures: SQL / driver errors by database, and framework debug pages. Used by
// inputValidation.verbose-errors / sql-error-injection (findings) and fingerprinting (database, framework).
// `syntax: true` marks errors a stray quote causes in a query string built by concatenation — the
// error-based SQL injection indicator. Type errors (`invalid input syntax for type integer`) only leak.
import { compileTable, type PatternRow } from "./table.js";

export type DatabaseName = "cockroachdb" | "postgresql" | "mysql" | "sqlite" | "mssql" | "oracle" | "mongodb" | "redis" | "sql";

export interface SqlErrorRow extends PatternRow {
  database: DatabaseName;
  syntax: boolean;
  /** Names the database without being an error (a version string, a docs link): fingerprint evidence only. */
  mentionOnly?: boolean;
  /** Driver or ORM named by the text (asyncpg, psycopg, JDBC …), for fingerprint evidence. */
  driver?: string;
}

export const SQL_ERROR_ROWS: readonly SqlErrorRow[] = [
  // CockroachDB first: it speaks the PostgreSQL wire protocol, so PostgreSQL drivers carry its errors.
  { id: "crdb-syntax", database: "cockroachdb", syntax: true, title: "CockroachDB syntax error", severity: "high", regex: /at or near "[^"\n]{0,80}": syntax error(?:: unterminated quoted string)?/, keywords: ["syntax error"] },
  { id: "crdb-parse", database: "cockroachdb", syntax: false, title: "CockroachDB type error", severity: "medium", regex: /could not parse "[^"\n]{0,80}" as type (?:int|decimal|uuid|timestamp|date|bool)[^\n]{0,80}/, keywords: ["could not parse"] },
  { id: "crdb-named", database: "cockroachdb", syntax: false, mentionOnly: true, title: "CockroachDB error", severity: "medium", regex: /\b(?:cockroachdb|crdb_internal|CockroachDB CCL|cockroach(?:labs)?\.com\/docs)\b/i, keywords: ["cockroach", "crdb_internal"] },
  { id: "pg-syntax", database: "postgresql", syntax: true, title: "PostgreSQL syntax error", severity: "high", regex: /(?:syntax error at or near "[^"\n]{0,80}"|unterminated quoted string at or near|syntax error at end of input|SQLSTATE\[42601\])/i, keywords: ["syntax error", "unterminated quoted", "42601"] },
  { id: "pg-type", database: "postgresql", syntax: false, title: "PostgreSQL type error", severity: "medium", regex: /invalid input syntax for (?:type )?(?:integer|bigint|uuid|numeric|boolean|timestamp)[^\n]{0,80}|invalid input value for enum/i, keywords: ["invalid input"] },
  { id: "pg-driver", database: "postgresql", syntax: false, title: "PostgreSQL driver error", severity: "medium", regex: /\b(?:asyncpg\.exceptions\.\w+|psycopg2?\.(?:errors\.)?\w+Error|psycopg\.errors\.\w+|org\.postgresql\.util\.PSQLException|PG::[A-Z]\w+|Npgsql\.PostgresException|pq: [a-z][^\n]{0,80}|PostgresError|error: relation "[^"\n]{0,60}" does not exist)/, keywords: ["asyncpg", "psycopg", "postgresql", "pg::", "npgsql", "pq: ", "postgreserror", "relation"], driver: "postgres-driver" },
  { id: "mysql-syntax", database: "mysql", syntax: true, title: "MySQL/MariaDB syntax error", severity: "high", regex: /You have an error in your SQL syntax[^\n]{0,200}|check the manual that corresponds to your (?:MySQL|MariaDB) server version|ER_PARSE_ERROR/, keywords: ["sql syntax", "er_parse_error", "server version"] },
  { id: "mysql-driver", database: "mysql", syntax: false, title: "MySQL driver error", severity: "medium", regex: /\b(?:com\.mysql\.(?:cj\.)?jdbc\.[\w.]+|MySQLSyntaxErrorException|pymysql\.err\.\w+|MySQLdb\._exceptions\.\w+|mysql2?::Error|Warning: mysqli?_[a-z_]+\(|ER_[A-Z_]{4,40}:|SQLSTATE\[HY000\] \[\d{4}\])/, keywords: ["mysql", "er_", "hy000"], driver: "mysql-driver" },
  { id: "sqlite-syntax", database: "sqlite", syntax: true, title: "SQLite syntax error", severity: "high", regex: /(?<!at or )near "[^"\n]{0,60}": syntax error|unrecognized token: "[^\n]{0,60}"/, keywords: ["syntax error", "unrecognized token"] },
  { id: "sqlite-driver", database: "sqlite", syntax: false, title: "SQLite driver error", severity: "medium", regex: /\b(?:SQLITE_(?:ERROR|CONSTRAINT|MISMATCH)|sqlite3\.\w+Error|System\.Data\.SQLite\.SQLiteException|org\.sqlite\.SQLiteException|SQLiteException|better-sqlite3)/, keywords: ["sqlite"], driver: "sqlite-driver" },
  { id: "mssql-syntax", database: "mssql", syntax: true, title: "SQL Server syntax error", severity: "high", regex: /Unclosed quotation mark after the character string|Incorrect syntax near '[^'\n]{0,60}'/, keywords: ["unclosed quotation mark", "incorrect syntax near"] },
  { id: "mssql-driver", database: "mssql", syntax: false, title: "SQL Server driver error", severity: "medium", regex: /\b(?:System\.Data\.SqlClient\.SqlException|Microsoft\.Data\.SqlClient\.SqlException|Microsoft OLE DB Provider for SQL Server|\[Microsoft\]\[ODBC SQL Server Driver\]|com\.microsoft\.sqlserver\.jdbc\.SQLServerException|Conversion failed when converting the (?:n?varchar) value)/, keywords: ["sqlclient", "sql server", "sqlserver", "conversion failed"], driver: "mssql-driver" },
  { id: "oracle-syntax", database: "oracle", syntax: true, title: "Oracle syntax error", severity: "high", regex: /ORA-01756|ORA-00933|ORA-00907|quoted string not properly terminated|SQL command not properly ended/, keywords: ["ora-", "quoted string not properly", "not properly ended"] },
  { id: "oracle-driver", database: "oracle", syntax: false, title: "Oracle error", severity: "medium", regex: /\bORA-\d{5}\b|oracle\.jdbc\.[\w.]+|cx_Oracle\.\w+Error|OCI_[A-Z_]{3,30}/, keywords: ["ora-", "oracle", "oci_"], driver: "oracle-driver" },
  { id: "mongo-error", database: "mongodb", syntax: false, title: "MongoDB error", severity: "medium", regex: /\b(?:MongoServerError|MongoError|MongoNetworkError|pymongo\.errors\.\w+|com\.mongodb\.Mongo\w*Exception|E11000 duplicate key error|Cast to ObjectId failed for value|BSONTypeError|BSONError|unknown operator: \$[a-z]{2,20}|\$where is not allowed)/, keywords: ["mongo", "e11000", "objectid", "bson", "unknown operator", "$where"], driver: "mongodb-driver" },
  { id: "redis-error", database: "redis", syntax: false, title: "Redis error", severity: "medium", regex: /\b(?:WRONGTYPE Operation against a key|ReplyError: ERR [^\n]{0,80}|redis\.exceptions\.\w+|NOAUTH Authentication required|io\.lettuce\.core\.\w+Exception|Jedis\w*Exception)/, keywords: ["wrongtype", "replyerror", "redis", "noauth", "lettuce", "jedis"], driver: "redis-driver" },
  { id: "sql-generic", database: "sql", syntax: false, title: "SQL/ORM error", severity: "medium", regex: /\b(?:sqlalchemy\.exc\.\w+|django\.db\.utils\.\w+Error|ActiveRecord::StatementInvalid|Sequelize(?:Database|Validation)?Error|PrismaClient(?:Known|Unknown)RequestError|QueryFailedError|Doctrine\\DBAL\\Exception|Illuminate\\Database\\QueryException|java\.sql\.SQLException|org\.hibernate\.[\w.]+Exception|SQLSTATE\[\w{5}\]|(?:ODBC|JDBC) (?:Driver|Error))/, keywords: ["sqlalchemy", "django.db", "activerecord", "sequelize", "prisma", "queryfailederror", "dbal", "queryexception", "sqlexception", "hibernate", "sqlstate", "odbc", "jdbc"], driver: "orm" },
];

export const sqlErrorTable = compileTable(SQL_ERROR_ROWS);

export type FrameworkName =
  | "fastapi" | "starlette" | "flask" | "django" | "express" | "nestjs" | "fastify" | "koa" | "hapi"
  | "spring-boot" | "aspnet-core" | "gin" | "echo" | "fiber" | "rails" | "laravel" | "phoenix" | "symfony";

export interface DebugPageRow extends PatternRow {
  framework: FrameworkName | null;
}

// Development-mode error pages: they reveal code, settings and often secrets.
export const DEBUG_PAGE_ROWS: readonly DebugPageRow[] = [
  { id: "django-debug", framework: "django", title: "Django debug page (DEBUG = True)", severity: "high", regex: /You(?:&#x27;|'|’)re seeing this error because you have <code>DEBUG = True<\/code>|<th>Django Version:<\/th>|Using the URLconf defined in <code>/, keywords: ["debug = true", "django version", "urlconf"] },
  { id: "werkzeug-debugger", framework: "flask", title: "Werkzeug interactive debugger", severity: "high", regex: /Werkzeug Debugger|The debugger caught an exception in your WSGI application|__debugger__=yes/, keywords: ["werkzeug", "__debugger__", "debugger caught"] },
  { id: "laravel-ignition", framework: "laravel", title: "Laravel/Ignition debug page", severity: "high", regex: /Illuminate\\[A-Za-z\\]{3,80}(?:Exception|Error)|window\.ignite|ignition-\d|Whoops! There was an error\./, keywords: ["illuminate\\", "ignite", "ignition", "whoops!"] },
  { id: "symfony-debug", framework: "symfony", title: "Symfony debug page", severity: "high", regex: /Symfony\\Component\\[A-Za-z\\]{3,80}Exception|sf-toolbar|<title>[^<]{0,200}\(\d{3} [^<]{0,60}\)<\/title>[\s\S]{0,2000}symfony/i, keywords: ["symfony", "sf-toolbar"] },
  { id: "rails-debug", framework: "rails", title: "Rails development error page", severity: "high", regex: /<h1>Action Controller: Exception caught<\/h1>|Rails\.root: |ActionController::RoutingError \(No route matches|<h2 style="margin-top: 30px">Routes<\/h2>/, keywords: ["action controller", "rails.root", "routingerror", "routes"] },
  { id: "aspnet-developer-page", framework: "aspnet-core", title: "ASP.NET developer exception page", severity: "high", regex: /An unhandled exception occurred while processing the request\.|<title>Internal Server Error<\/title>[\s\S]{0,3000}Microsoft\.AspNetCore|Server Error in '[^'\n]{1,80}' Application\./, keywords: ["unhandled exception occurred", "microsoft.aspnetcore", "server error in"] },
  { id: "spring-trace", framework: "spring-boot", title: "Spring Boot error with stack trace", severity: "medium", regex: /"trace"\s*:\s*"(?:[a-z][\w$]{0,60}\.){2,12}[\w$]{0,80}(?:Exception|Error)|Whitelabel Error Page[\s\S]{0,1500}(?:Exception|at (?:[\w$]{1,60}\.){2,12})/, keywords: ['"trace"', "whitelabel"] },
  { id: "express-dev-error", framework: "express", title: "Express development error handler", severity: "medium", regex: /<pre>(?:[A-Za-z]*Error|Error): [^<]{0,300}<br> &nbsp; &nbsp;at /, keywords: ["&nbsp; &nbsp;at "] },
  { id: "phoenix-debug", framework: "phoenix", title: "Phoenix debug error page", severity: "high", regex: /Phoenix\.Router\.NoRouteError|<title>[^<]{0,200} at [A-Z]+ [^<]{0,200}<\/title>[\s\S]{0,3000}plug/i, keywords: ["phoenix", "plug"] },
  { id: "php-info-leak", framework: null, title: "PHP error display", severity: "medium", regex: /<b>(?:Fatal error|Parse error|Warning)<\/b>:\s{0,4}[^<]{1,300} in <b>\/[^<]{1,300}<\/b> on line <b>\d+<\/b>/, keywords: ["on line <b>"] },
];

export const debugPageTable = compileTable(DEBUG_PAGE_ROWS);
