// Rails, Laravel and Go: fixes in their idioms.
import type { FrameworkIdioms } from "../types.js";

export const rails: FrameworkIdioms = {
  label: "Rails",
  dbTls: {
    pg: {
      steps: ["database.yml: sslmode verify-full and sslrootcert (the pg gem passes them to libpq).", "DATABASE_URL from the secret store."],
      code: `production:
  adapter: {{railsAdapter}}
  url: <%= ENV["DATABASE_URL"] %>   # postgres://app@{{host}}:{{port}}/app
  sslmode: verify-full
  sslrootcert: {{ca}}`,
    },
    mysql: {
      steps: ["mysql2 adapter: ssl_mode verify_identity with the CA."],
      code: `production:
  adapter: mysql2
  url: <%= ENV["DATABASE_URL"] %>
  ssl_mode: verify_identity
  sslca: {{ca}}`,
    },
    mongodb: {
      steps: ["Mongoid client options: ssl with verification and the CA."],
      code: `production:
  clients:
    default:
      uri: <%= ENV["MONGODB_URI"] %>
      options:
        ssl: true
        ssl_verify: true
        ssl_ca_cert: {{ca}}`,
    },
    redis: {
      steps: ["rediss:// with VERIFY_PEER and the CA."],
      code: `Redis.new(url: ENV["REDIS_URL"], ssl_params: { ca_file: "{{ca}}", verify_mode: OpenSSL::SSL::VERIFY_PEER })`,
    },
  },
  secretStore: {
    steps: ["Keep keys in encrypted credentials; inject RAILS_MASTER_KEY from the secret store, never commit master.key.", "Rotate every exposed key."],
    code: `# bin/rails credentials:edit --environment production
key = Rails.application.credentials.encryption_key!   # RAILS_MASTER_KEY comes from the secret store`,
  },
  hideSecrets: {
    steps: ["Production must not render full error pages."],
    code: `# config/environments/production.rb
config.consider_all_requests_local = false`,
  },
  passwordHash: {
    steps: ["has_secure_password (bcrypt) and exclude the digest from JSON."],
    code: `class User < ApplicationRecord
  has_secure_password
end

render json: user.as_json(except: [:password_digest])`,
  },
  hsts: { steps: ["force_ssl sends HSTS; set a year with subdomains."], code: `config.force_ssl = true\nconfig.ssl_options = { hsts: { expires: 1.year, subdomains: true } }` },
  httpsRedirect: { steps: ["force_ssl redirects HTTP to HTTPS; assume_ssl behind a TLS proxy (Rails 7.1+)."], code: `config.assume_ssl = true\nconfig.force_ssl = true` },
  cookies: { steps: ["force_ssl marks cookies Secure; set SameSite and HttpOnly on the session store."], code: `Rails.application.config.session_store :cookie_store, key: "_app_session", secure: true, httponly: true, same_site: :lax` },
  proxyHeaders: { steps: ["Tell Rails TLS is terminated upstream."], code: `config.assume_ssl = true` },
  tlsServer: {
    steps: ["Puma ssl_bind without TLS 1.0/1.1 (or terminate TLS at the proxy)."],
    code: `ssl_bind "0.0.0.0", "443", { key: "/run/secrets/tls.key", cert: "/run/secrets/tls.crt", no_tlsv1: true, no_tlsv1_1: true }`,
  },
};

export const laravel: FrameworkIdioms = {
  label: "Laravel",
  dbTls: {
    pg: {
      steps: ["config/database.php: sslmode verify-full and sslrootcert (Laravel passes them to libpq).", "DB credentials from the secret store, not a committed .env."],
      code: `'pgsql' => [
    'driver' => 'pgsql',
    'host' => env('DB_HOST', '{{host}}'),
    'port' => env('DB_PORT', '{{port}}'),
    'database' => env('DB_DATABASE'),
    'username' => env('DB_USERNAME'),
    'password' => env('DB_PASSWORD'),      // injected at deploy time
    'sslmode' => 'verify-full',
    'sslrootcert' => '{{ca}}',
],`,
    },
    mysql: {
      steps: ["PDO options: the CA and server-certificate verification."],
      code: `'mysql' => [
    // ...
    'options' => [
        PDO::MYSQL_ATTR_SSL_CA => '{{ca}}',
        PDO::MYSQL_ATTR_SSL_VERIFY_SERVER_CERT => true,
    ],
],`,
    },
    mongodb: {
      steps: ["laravel-mongodb: TLS in the DSN with the CA file."],
      code: `'mongodb' => [
    'driver' => 'mongodb',
    'dsn' => env('MONGODB_URI'),   // mongodb://app@{{host}}:{{port}}/app?tls=true&tlsCAFile={{ca}}
],`,
    },
    redis: {
      steps: ["Predis over TLS with peer verification."],
      code: `'default' => [
    'scheme' => 'tls',
    'host' => env('REDIS_HOST', '{{host}}'),
    'port' => env('REDIS_PORT', '{{port}}'),
    'password' => env('REDIS_PASSWORD'),
    'ssl' => ['cafile' => '{{ca}}', 'verify_peer' => true, 'verify_peer_name' => true],
],`,
    },
  },
  secretStore: {
    steps: [
      "Inject APP_KEY and other keys from the secret store at deploy; the web root is public/, so .env is never served.",
      "Rotate an exposed APP_KEY (php artisan key:generate) and re-encrypt data that used it.",
    ],
    code: `# deploy: APP_KEY and DB_PASSWORD come from the secret store's environment, then
php artisan config:cache`,
  },
  hideSecrets: { steps: ["APP_DEBUG=false in production: the debug page prints environment values."], code: `APP_DEBUG=false\nAPP_ENV=production` },
  passwordHash: {
    steps: ["Hash::make with argon2id or bcrypt; hide the attribute from JSON."],
    code: `// config/hashing.php: 'driver' => 'argon2id'
class User extends Authenticatable
{
    protected $hidden = ['password', 'remember_token'];
}`,
  },
  hsts: {
    steps: ["A middleware adding the header to every response."],
    code: `public function handle($request, Closure $next)
{
    $response = $next($request);
    $response->headers->set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    return $response;
}`,
  },
  httpsRedirect: {
    steps: ["Force the https scheme and trust the proxy (TrustProxies)."],
    code: `// AppServiceProvider::boot()
if ($this->app->environment('production')) { URL::forceScheme('https'); }`,
  },
  cookies: { steps: ["config/session.php flags."], code: `'secure' => env('SESSION_SECURE_COOKIE', true),\n'http_only' => true,\n'same_site' => 'lax',` },
  proxyHeaders: { steps: ["Trust the proxy so request()->secure() and url() use https."], code: `// bootstrap/app.php (Laravel 11)\n->withMiddleware(fn ($m) => $m->trustProxies(at: '*'))` },
  tlsServer: null,
};

export const go: FrameworkIdioms = {
  label: "Go",
  dbTls: {
    pg: {
      steps: ["pgx honours sslmode=verify-full and sslrootcert in the URL.", "DATABASE_URL from the secret store."],
      code: `// DATABASE_URL = postgres://app:<from secret store>@{{host}}:{{port}}/app?sslmode=verify-full&sslrootcert={{ca}}
cfg, err := pgxpool.ParseConfig(os.Getenv("DATABASE_URL"))
if err != nil {
	log.Fatal(err)
}
pool, err := pgxpool.NewWithConfig(ctx, cfg)`,
    },
    mysql: {
      steps: ["go-sql-driver/mysql: register a tls.Config with the CA and ServerName, then tls=<name>."],
      code: `pem, _ := os.ReadFile("{{ca}}")
roots := x509.NewCertPool()
roots.AppendCertsFromPEM(pem)
mysql.RegisterTLSConfig("verified", &tls.Config{RootCAs: roots, ServerName: "{{host}}", MinVersion: tls.VersionTLS12})
db, err := sql.Open("mysql", "app:"+password+"@tcp({{host}}:{{port}})/app?tls=verified")`,
    },
    mongodb: {
      steps: ["Set a tls.Config with the CA on the client options."],
      code: `opts := options.Client().ApplyURI(os.Getenv("MONGODB_URI")).
	SetTLSConfig(&tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12})
client, err := mongo.Connect(ctx, opts)`,
    },
    redis: {
      steps: ["go-redis: rediss:// URL, add the CA to TLSConfig."],
      code: `opt, err := redis.ParseURL(os.Getenv("REDIS_URL")) // rediss://:<password>@{{host}}:{{port}}/0
if err != nil {
	log.Fatal(err)
}
opt.TLSConfig.RootCAs = roots
rdb := redis.NewClient(opt)`,
    },
  },
  secretStore: {
    steps: ["Read keys from the secret store's mounted files (or a KMS) at startup, never embed them in the binary or image.", "Rotate every exposed key."],
    code: `raw, err := os.ReadFile("/run/secrets/encryption_key")
if err != nil {
	log.Fatal(err)
}
key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(raw)))
if err != nil || len(key) != 32 {
	log.Fatal("encryption key must be 32 bytes")
}`,
  },
  hideSecrets: {
    steps: ["Do not serve expvar/pprof on the public listener and answer errors generically."],
    code: `if err != nil {
	log.Printf("query failed: %v", err)          // details stay in the log
	http.Error(w, "internal error", http.StatusInternalServerError)
	return
}`,
  },
  passwordHash: {
    steps: ["Hash with bcrypt or argon2id; tag the hash json:\"-\"."],
    code: `hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)

type User struct {
	ID           int64  \`json:"id"\`
	Email        string \`json:"email"\`
	PasswordHash []byte \`json:"-"\`
}`,
  },
  hsts: {
    steps: ["A middleware setting the header."],
    code: `func hsts(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		next.ServeHTTP(w, r)
	})
}`,
  },
  httpsRedirect: {
    steps: ["The plain-HTTP listener only redirects."],
    code: `go http.ListenAndServe(":80", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, "https://"+r.Host+r.URL.RequestURI(), http.StatusPermanentRedirect)
}))`,
  },
  cookies: {
    steps: ["Set the flags on every session cookie."],
    code: `http.SetCookie(w, &http.Cookie{Name: "session", Value: v, Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})`,
  },
  proxyHeaders: { steps: ["Build absolute URLs with https (from configuration or a trusted X-Forwarded-Proto)."], code: `base := "https://" + r.Host` },
  tlsServer: {
    steps: ["MinVersion TLS 1.2; Go's default cipher suites are forward-secret AEADs."],
    code: `srv := &http.Server{Addr: ":443", Handler: mux, TLSConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
log.Fatal(srv.ListenAndServeTLS(certFile, keyFile))`,
  },
};
