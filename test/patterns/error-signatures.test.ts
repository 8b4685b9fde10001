import { describe } from "vitest";
import { debugPageTable, sqlErrorTable } from "../../src/patterns/error-signatures.js";
import { corpusTests, type RowCorpus } from "./_corpus.js";

export const SQL_CORPUS: Record<string, RowCorpus> = {
  "crdb-syntax": { positive: ['ERROR: at or near "\'": syntax error: unterminated string', 'pq: at or near "x": syntax error'], negative: ['ERROR: syntax error at or near "\'"', "a syntax error"] },
  "crdb-parse": { positive: ['could not parse "abc" as type int: strconv.ParseInt: parsing "abc": invalid syntax'], negative: ["could not parse the request", 'could not parse "abc"'] },
  "crdb-named": { positive: ["crdb_internal.node_statement_statistics", "See: https://www.cockroachlabs.com/docs/v23.1/sql"], negative: ["a cockroach in the kitchen", "crdb"] },
  "pg-syntax": {
    positive: ['ERROR:  syntax error at or near "\'"', "unterminated quoted string at or near \"'1\"", "SQLSTATE[42601]: Syntax error"],
    negative: ['at or near "x": syntax error', "syntax error in your request"],
  },
  "pg-type": { positive: ['invalid input syntax for type integer: "abc"', 'invalid input syntax for type uuid: "1"'], negative: ["invalid input", "invalid input syntax"] },
  "pg-driver": {
    positive: ["asyncpg.exceptions.UndefinedTableError: relation does not exist", "psycopg2.errors.SyntaxError", "org.postgresql.util.PSQLException: ERROR", "PG::UndefinedColumn"],
    negative: ["postgresql is a database", "psycopg is installed"],
  },
  "mysql-syntax": {
    positive: ["You have an error in your SQL syntax; check the manual that corresponds to your MySQL server version for the right syntax to use near ''' at line 1"],
    negative: ["You have an error in your request", "mysql server version 8"],
  },
  "mysql-driver": { positive: ["com.mysql.cj.jdbc.exceptions.CommunicationsException", "ER_NO_SUCH_TABLE: Table 'db.x' doesn't exist", "pymysql.err.ProgrammingError"], negative: ["we use MySQL", "ER_"] },
  "sqlite-syntax": { positive: ['sqlite3.OperationalError: near "\'": syntax error', 'SQLITE_ERROR: unrecognized token: "\'"'], negative: ['at or near "x": syntax error', "near the end: syntax"] },
  "sqlite-driver": { positive: ["SQLITE_ERROR: no such table: users", "sqlite3.IntegrityError: UNIQUE constraint failed"], negative: ["sqlite is embedded", "we use sqlite3 here"] },
  "mssql-syntax": { positive: ["Unclosed quotation mark after the character string ''.", "Incorrect syntax near 'x'."], negative: ["Incorrect syntax", "quotation mark"] },
  "mssql-driver": { positive: ["System.Data.SqlClient.SqlException (0x80131904)", "Conversion failed when converting the varchar value 'x' to data type int."], negative: ["SQL Server 2019", "SqlClient"] },
  "oracle-syntax": { positive: ["ORA-01756: quoted string not properly terminated", "ORA-00933: SQL command not properly ended"], negative: ["ORA-1", "properly terminated string"] },
  "oracle-driver": { positive: ["ORA-00942: table or view does not exist", "oracle.jdbc.driver.T4CPreparedStatement"], negative: ["ORA-1234", "oracle of delphi"] },
  "mongo-error": {
    positive: ['CastError: Cast to ObjectId failed for value "abc" (type string) at path "_id"', "MongoServerError: unknown operator: $foo", "E11000 duplicate key error collection"],
    negative: ["mongodb is a database", "ObjectId is a type"],
  },
  "redis-error": { positive: ["WRONGTYPE Operation against a key holding the wrong kind of value", "redis.exceptions.ConnectionError"], negative: ["redis is fast", "wrong type of key"] },
  "sql-generic": {
    positive: ["sqlalchemy.exc.ProgrammingError: (psycopg2.errors.SyntaxError)", "SequelizeDatabaseError: syntax error", "SQLSTATE[HY000]: General error", "django.db.utils.OperationalError"],
    negative: ["sqlalchemy is an ORM", "SQLSTATE"],
  },
};

export const DEBUG_CORPUS: Record<string, RowCorpus> = {
  "django-debug": {
    positive: ["You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.", "<p>Using the URLconf defined in <code>mysite.urls</code>, Django tried"],
    negative: ["<h1>Not Found</h1><p>The requested resource was not found on this server.</p>", "DEBUG = False"],
  },
  "werkzeug-debugger": { positive: ["<title>ValueError // Werkzeug Debugger</title>", "The debugger caught an exception in your WSGI application."], negative: ["Werkzeug/3.0.1 Python/3.12", "the debugger is off"] },
  "laravel-ignition": { positive: ["Illuminate\\Database\\QueryException", "Whoops! There was an error."], negative: ["Illuminate", "Whoops"] },
  "symfony-debug": { positive: ["Symfony\\Component\\HttpKernel\\Exception\\NotFoundHttpException", '<div id="sfwdt" class="sf-toolbar">'], negative: ["Powered by Symfony", "sf toolbar"] },
  "rails-debug": { positive: ["<h1>Action Controller: Exception caught</h1>", "Rails.root: /app"], negative: ["The page you were looking for doesn't exist.", "Rails root"] },
  "aspnet-developer-page": {
    positive: ["<h1>An unhandled exception occurred while processing the request.</h1>", "<h1>Server Error in '/' Application.</h1>"],
    negative: ['{"type":"https://tools.ietf.org/html/rfc7231#section-6.5.4","title":"Not Found","status":404}', "Server Error"],
  },
  "spring-trace": {
    positive: ['{"timestamp":"2024-01-01T00:00:00.000+00:00","status":500,"error":"Internal Server Error","trace":"java.lang.IllegalStateException: x\\n\\tat com.example"}'],
    negative: ['{"timestamp":"2024-01-01T00:00:00.000+00:00","status":404,"error":"Not Found","path":"/x"}', "<h1>Whitelabel Error Page</h1><p>There was an unexpected error (type=Not Found, status=404).</p>"],
  },
  "express-dev-error": {
    positive: ["<pre>TypeError: Cannot read properties of undefined<br> &nbsp; &nbsp;at /app/index.js:5:3</pre>"],
    negative: ["<pre>Cannot GET /x</pre>", "<pre>Error</pre>"],
  },
  "phoenix-debug": { positive: ["Phoenix.Router.NoRouteError at GET /x"], negative: ["phoenix rises", '{"errors":{"detail":"Not Found"}}'] },
  "php-info-leak": { positive: ["<b>Fatal error</b>:  Uncaught Exception: x in <b>/var/www/a.php</b> on line <b>3</b>"], negative: ["<b>Warning</b>: careful", "Fatal error"] },
};

describe("SQL/driver error table", () => corpusTests(sqlErrorTable, SQL_CORPUS));
describe("debug page table", () => corpusTests(debugPageTable, DEBUG_CORPUS));
