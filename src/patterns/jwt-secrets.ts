// Bundled wordlist for offline HMAC cracking of HS256/384/512 tokens (authentication.jwt-weak-secret).
// Two tables: literal secrets seen in tutorials, library READMEs and framework defaults; and stems that
// are combined with common decorations (`<stem>_secret`, `<stem>123`, `jwt_<stem>` …). Target-specific
// stems (API title, host name) are decorated the same way at scan time. Order: most likely first.

/** Literal secrets: library/tutorial defaults, placeholders left in config, weak passwords. */
export const LITERAL_SECRETS: readonly string[] = [
  "secret", "your-256-bit-secret", "your-384-bit-secret", "your-512-bit-secret", "a-string-secret-at-least-256-bits-long",
  "shhhhh", "shhhhhared-secret", "keyboard cat", "secretkey", "secret_key", "secret-key", "SecretKey", "SECRET_KEY", "SECRET",
  "Secret", "jwt_secret", "jwt-secret", "jwtSecret", "JWT_SECRET", "jwtsecret", "jwt_secret_key", "JWT_SECRET_KEY", "jwtSecretKey",
  "jwt", "JWT", "jwtkey", "jwt_key", "jwt-key", "jwtKey", "your_jwt_secret", "your-jwt-secret", "your_secret_key", "your-secret-key",
  "yoursecretkey", "your_secret", "your-secret", "yoursecret", "mysecret", "my_secret", "my-secret", "mySecret", "MySecret",
  "mysecretkey", "my_secret_key", "my-secret-key", "mySecretKey", "MySecretKey", "mysupersecretkey", "my-super-secret-key",
  "supersecret", "super_secret", "super-secret", "superSecret", "SuperSecret", "supersecretkey", "super-secret-key",
  "super_secret_key", "SuperSecretKey", "topsecret", "top_secret", "top-secret", "TopSecret", "verysecret", "very_secret",
  "very-secret", "secretsecret", "secretpassword", "secret123", "secret1", "Secret123", "s3cr3t", "S3cr3t", "s3cret", "secr3t",
  "sup3rs3cr3t", "Sup3rS3cr3t", "changeme", "change_me", "change-me", "changeit", "changethis", "change_this", "CHANGE_ME",
  "CHANGEME", "replace_me", "replaceme", "replace-me", "REPLACE_ME", "todo", "TODO", "fixme", "default", "default_secret",
  "default-secret", "defaultsecret", "notsosecret", "not-so-secret", "not_so_secret", "thisisasecret", "this-is-a-secret",
  "this_is_a_secret", "ThisIsASecret", "thisismysecret", "this-is-my-secret", "thisisnotasecret", "ThisIsMySecretKey",
  "secretOrPrivateKey", "secretOrKey", "privateKey", "private_key", "private-key", "privatekey", "private", "publickey",
  "signingkey", "signing_key", "signing-key", "signingKey", "sign_key", "signkey", "hmac", "hmac_secret", "hmac-secret",
  "hmacsecret", "hmac_key", "hmackey", "sharedsecret", "shared_secret", "shared-secret", "sharedSecret", "tokensecret",
  "token_secret", "token-secret", "tokenSecret", "TOKEN_SECRET", "token", "token_key", "tokenkey", "access_token_secret",
  "accesstokensecret", "refresh_token_secret", "refreshtokensecret", "ACCESS_TOKEN_SECRET", "REFRESH_TOKEN_SECRET",
  "auth_secret", "authsecret", "auth-secret", "AUTH_SECRET", "authkey", "auth_key", "session_secret", "sessionsecret",
  "SESSION_SECRET", "session-secret", "cookie_secret", "cookiesecret", "app_secret", "appsecret", "app-secret", "APP_SECRET",
  "app_key", "appkey", "APP_KEY", "api_secret", "apisecret", "api-secret", "API_SECRET", "apikey", "api_key", "api-key",
  "client_secret", "clientsecret", "secret_key_base", "SECRET_KEY_BASE", "secretkeybase", "encryption_key", "encryptionkey",
  "key", "Key", "KEY", "keys", "mykey", "my_key", "my-key", "thekey", "masterkey", "master_key", "master", "test", "testing",
  "test123", "testsecret", "test_secret", "test-secret", "testkey", "test_key", "dev", "devsecret", "dev_secret", "dev-secret",
  "development", "development_secret", "developmentsecret", "local", "localsecret", "local_secret", "localhost", "staging",
  "prod", "production", "production_secret", "qa", "demo", "demo_secret", "example", "example_secret", "sample", "public",
  "password", "Password", "PASSWORD", "password1", "Password1", "password123", "Password123", "passw0rd", "Passw0rd",
  "P@ssw0rd", "P@ssword", "p@ssw0rd", "pass", "pass123", "passwd", "pwd", "123456", "1234567", "12345678", "123456789",
  "1234567890", "12345", "1234", "123", "111111", "000000", "0000", "654321", "123123", "abc123", "abcdef", "abcd1234",
  "qwerty", "qwerty123", "qwertyuiop", "asdfgh", "asdf", "zxcvbn", "iloveyou", "trustno1", "letmein", "welcome", "welcome1",
  "Welcome1", "hello", "hello123", "helloworld", "hello_world", "HelloWorld", "monkey", "dragon", "sunshine", "princess",
  "football", "baseball", "shadow", "michael", "superman", "batman", "starwars", "hunter2", "admin", "admin123", "Admin",
  "administrator", "root", "toor", "guest", "user", "username", "login", "access", "auth", "authentication", "authorization",
  "foo", "bar", "baz", "foobar", "foobarbaz", "qux", "lorem", "ipsum", "loremipsum", "abc", "xyz", "aaa", "a", "x", "s",
  "null", "undefined", "none", "true", "false", "0", "1", "HS256", "hs256", "HS512", "sha256", "hmacsha256", "sha512",
  "qwertyuiopasdfghjklzxcvbnm123456", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz123456",
  "0123456789abcdef", "0123456789abcdef0123456789abcdef", "00000000000000000000000000000000", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "12345678901234567890123456789012", "secretsecretsecretsecretsecretse", "mysecretmysecretmysecretmysecret",
  "ThisIsASecretKeyThatIsAtLeast32Chars", "my-32-character-ultra-secure-and-ultra-long-secret",
  "this-is-a-very-long-secret-key-for-jwt", "some-secret", "somesecret", "some_secret", "anysecret", "random", "randomsecret",
  "random_secret", "random-secret", "RandomSecret", "random_string", "randomstring", "GENERATE_A_SECRET", "generate-a-secret",
  "put-your-secret-here", "put_your_secret_here", "insert-secret-here", "enter-your-secret", "your-secret-here",
  "your_secret_here", "yoursecrethere", "<secret>", "${JWT_SECRET}", "%JWT_SECRET%", "process.env.JWT_SECRET",
  "env.JWT_SECRET", "config.secret", "jwt.secret", "JWT_SECRET_HERE", "SECRET_HERE", "secret-here", "xxx", "xxxx", "xxxxxx",
  "xxxxxxxx", "XXXXXXXX", "changemechangemechangemechangeme", "secret-jwt", "secret_jwt", "secretjwt", "jwtpassword",
  "jwt_password", "jwt-password", "jwtsigningkey", "jwt_signing_key", "JWT_SIGNING_KEY", "jwt-signing-key", "tokenSigningKey",
  "token_signing_key", "signature", "sig", "sign", "signing", "verify", "verification", "crypto", "cipher", "encryption",
  "decrypt", "encrypt", "security", "secure", "securekey", "secure_key", "secure-key", "insecure", "unsafe",
];

/** Product, framework and domain words that people turn into secrets by decoration. */
export const SECRET_STEMS: readonly string[] = [
  "app", "api", "web", "site", "server", "backend", "frontend", "service", "services", "micro", "microservice", "gateway",
  "platform", "portal", "dashboard", "admin", "panel", "console", "core", "main", "master", "base", "system", "cloud", "data",
  "db", "database", "store", "shop", "market", "cart", "order", "orders", "payment", "payments", "pay", "billing", "invoice",
  "bank", "banking", "finance", "wallet", "money", "account", "accounts", "user", "users", "customer", "customers", "client",
  "clients", "member", "members", "profile", "identity", "auth", "login", "session", "token", "access", "refresh", "oauth",
  "sso", "jwt", "key", "secret", "password", "pass", "private", "public", "internal", "external", "mobile", "ios", "android",
  "node", "nodejs", "express", "nest", "nestjs", "koa", "hapi", "fastify", "next", "nextjs", "nuxt", "react", "vue",
  "angular", "svelte", "flask", "django", "fastapi", "python", "rails", "ruby", "laravel", "php", "symfony", "spring",
  "springboot", "java", "kotlin", "go", "golang", "gin", "echo", "fiber", "rust", "actix", "dotnet", "aspnet", "csharp",
  "phoenix", "elixir", "deno", "bun", "strapi", "supabase", "firebase", "parse", "hasura", "graphql", "rest", "grpc",
  "docker", "kubernetes", "k8s", "aws", "azure", "gcp", "heroku", "vercel", "netlify", "render", "railway", "fly", "github",
  "gitlab", "local", "dev", "develop", "development", "test", "testing", "staging", "stage", "prod", "production", "demo",
  "example", "sample", "todo", "todos", "blog", "post", "posts", "chat", "social", "game", "games", "music", "video", "media",
  "photo", "news", "health", "medical", "clinic", "hospital", "patient", "school", "student", "course", "learn", "crm",
  "erp", "hr", "inventory", "product", "products", "catalog", "booking", "hotel", "travel", "ticket", "tickets", "event",
  "events", "notify", "mail", "email", "sms", "message", "messages", "file", "files", "upload", "storage", "search",
  "analytics", "report", "reports", "monitor", "metrics", "log", "logs", "company", "corp", "acme", "mycompany", "myapp",
  "my-app", "my_app", "myapi", "my-api", "my_api", "project", "myproject", "startup", "hackathon", "tutorial", "course",
  "learning", "hello", "world", "foo", "bar", "super", "mega", "ultra", "alpha", "beta", "gamma", "delta", "omega", "zeus",
  "apollo", "athena", "phoenix", "titan", "falcon", "eagle", "tiger", "lion", "panda", "unicorn", "rocket", "star", "sun",
  "moon", "blue", "red", "green", "black", "white", "gold", "silver", "diamond", "magic", "ninja", "pirate", "wizard",
];

/** Decorations applied to every stem (`{}` = the stem). */
export const STEM_PATTERNS: readonly string[] = [
  "{}", "{}_secret", "{}-secret", "{}secret", "{}Secret", "{}_jwt_secret", "{}-jwt-secret", "{}_key", "{}-key", "{}key",
  "{}_secret_key", "{}-secret-key", "{}123", "{}1", "{}!", "{}2024", "{}2025", "jwt_{}", "jwt-{}", "{}_jwt", "{}-jwt",
  "{}_token_secret", "{}_dev", "{}-dev",
];

function capitalise(s: string): string {
  return s.length ? s[0]!.toUpperCase() + s.slice(1) : s;
}

/** Words of an API title or host name that are worth guessing: `Customer Records API` → customer, records, customer-records … */
export function targetStems(texts: readonly string[]): string[] {
  const out = new Set<string>();
  for (const text of texts) {
    const words = text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length >= 3 && !/^\d+$/.test(w) && !["api", "www", "com", "net", "org", "localhost", "the", "and", "for"].includes(w))
      .slice(0, 6);
    for (const w of words) out.add(w);
    if (words.length > 1) {
      out.add(words.join(""));
      out.add(words.join("-"));
      out.add(words.join("_"));
    }
  }
  return [...out].slice(0, 24);
}

function* decorate(stems: Iterable<string>): Generator<string> {
  for (const pattern of STEM_PATTERNS) {
    for (const stem of stems) {
      yield pattern.replace("{}", stem);
      if (pattern === "{}") yield capitalise(stem);
    }
  }
}

let bundled: readonly string[] | null = null;

/** The bundled list, de-duplicated, literal secrets first (built once). */
export function bundledJwtSecrets(): readonly string[] {
  if (!bundled) bundled = [...new Set<string>(["", ...LITERAL_SECRETS, ...decorate(SECRET_STEMS)])];
  return bundled;
}

/** Target-specific guesses first (they are few and likely), then the bundled list. */
export function jwtSecretCandidates(targetTexts: readonly string[] = []): string[] {
  const stems = targetStems(targetTexts);
  const list = bundledJwtSecrets();
  if (stems.length === 0) return list.slice();
  return [...new Set<string>([...decorate(stems), ...list])];
}
