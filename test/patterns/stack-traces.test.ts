import { describe, expect, it } from "vitest";
import { stackTable } from "../../src/patterns/stack-traces.js";
import { textViews } from "../../src/patterns/text.js";
import { corpusTests, type RowCorpus } from "./_corpus.js";

const PY = 'Traceback (most recent call last):\n  File "/app/main.py", line 12, in get_user\n    raise ValueError("x")\nValueError: x';
const JAVA = "java.lang.NullPointerException: null\n\tat com.example.demo.UserController.get(UserController.java:42)\n\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)";
const NODE = "TypeError: Cannot read properties of undefined (reading 'id')\n    at getUser (/app/src/users.js:10:15)\n    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)";
const DOTNET = "System.InvalidOperationException: Sequence contains no elements\n   at System.Linq.ThrowHelper.ThrowNoElementsException()\n   at Api.Controllers.UsersController.Get(Int32 id) in /src/Api/Controllers/UsersController.cs:line 27";
const GO = "panic: runtime error: index out of range [3] with length 3\n\ngoroutine 18 [running]:\nmain.handler(0x0?)\n\t/app/main.go:42 +0x1d";
const RUBY = "NoMethodError (undefined method `name' for nil:NilClass):\n/app/app/controllers/users_controller.rb:12:in `show'\n/usr/local/bundle/gems/actionpack-7.0.4/lib/action_controller/metal/basic_implicit_render.rb:6:in `send_action'";
const PHP = "PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/html/index.php:3\nStack trace:\n#0 /var/www/html/router.php(12): handler()\n#1 {main}\n  thrown in /var/www/html/index.php on line 3";
const ELIXIR = "** (ArithmeticError) bad argument in arithmetic expression\n    (my_app 0.1.0) lib/my_app/users.ex:12: MyApp.Users.get/1";

export const STACK_CORPUS: Record<string, RowCorpus> = {
  "python-traceback": { positive: [PY, `<pre>${PY}</pre>`], negative: ["Traceback is a word in docs", "Traceback (most recent call last): nothing else"] },
  "python-frame": { positive: [PY, '  File "/srv/app/views.py", line 88, in <module>'], negative: ['File "notes.txt", line 3', "the file main.py has 10 lines"] },
  "java-stack": { positive: [JAVA], negative: ["java.lang.NullPointerException was thrown", "at the office (Room 12)"] },
  "java-frames": {
    positive: ["\tat com.acme.Foo.bar(Foo.java:10)\n\tat com.acme.Foo.main(Foo.java:4)", "at org.example.Svc.run(Svc.kt:3)\n    at org.example.App.main(App.kt:9)"],
    negative: ["at com.acme.Foo.bar(Foo.java:10) only one frame", "see Foo.java:10 for details"],
  },
  "dotnet-stack": { positive: [DOTNET, "--- End of stack trace from previous location ---"], negative: ["System.Text is a namespace", "at Home (Sunday)"] },
  "node-stack": { positive: [NODE, "Error: boom\n    at Object.<anonymous> (file:///app/index.mjs:3:7)"], negative: ["Error: not found", "Error: x\n    at the end of the day"] },
  "go-panic": { positive: [GO, "goroutine 1 [running]:\nmain.main()\n\t/app/main.go:9 +0x1d"], negative: ["goroutine leaks are bad", "panic: at the disco"] },
  "ruby-backtrace": { positive: [RUBY], negative: ["see app.rb:12 for details", "/app/x.rb:12:in `show'"] },
  "php-error": {
    positive: [PHP, "<b>Warning</b>:  Undefined variable $x in <b>/var/www/html/a.php</b> on line <b>4</b>"],
    negative: ["Warning: low disk", "index.php on line"],
  },
  "elixir-stack": { positive: [ELIXIR], negative: ["** (note) something", "lib/my_app/users.ex:12"] },
};

describe("stack trace table", () => corpusTests(stackTable, STACK_CORPUS));

describe("JSON-escaped traces", () => {
  it("are found in the unescaped view of a JSON body", () => {
    const body = JSON.stringify({ error: NODE });
    const found = textViews(body).flatMap((v) => stackTable.scan(v));
    expect(found.map((m) => m.row.runtime)).toContain("node");
  });
});
