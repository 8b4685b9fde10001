// Spring Boot and ASP.NET Core: fixes in their configuration idioms.
import type { FrameworkIdioms } from "../types.js";

export const springBoot: FrameworkIdioms = {
  label: "Spring Boot",
  dbTls: {
    pg: {
      steps: [
        "pgjdbc: sslmode=verify-full and sslrootcert on the JDBC URL ({{product}} uses the PostgreSQL driver).",
        "Take the password from a config tree or Vault, not application.yml in the image.",
      ],
      code: `spring:
  config:
    import: "configtree:/run/secrets/"          # db-password file → \${db-password}
  datasource:
    url: jdbc:postgresql://{{host}}:{{port}}/app?sslmode=verify-full&sslrootcert={{ca}}
    username: app
    password: \${db-password}`,
    },
    mysql: {
      steps: ["Connector/J: sslMode=VERIFY_IDENTITY with a truststore holding the CA."],
      code: `spring:
  datasource:
    url: jdbc:mysql://{{host}}:{{port}}/app?sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=file:/run/secrets/truststore.p12&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=\${truststore-password}
    username: app
    password: \${db-password}`,
    },
    mongodb: {
      steps: ["Spring Boot 3.1+: an SSL bundle with the CA, referenced by the MongoDB client."],
      code: `spring:
  ssl:
    bundle:
      pem:
        mongo:
          truststore:
            certificate: "file:{{ca}}"
  data:
    mongodb:
      uri: \${mongodb-uri}        # mongodb://app@{{host}}:{{port}}/app
      ssl:
        enabled: true
        bundle: mongo`,
    },
    redis: {
      steps: ["Spring Boot 3.1+: enable SSL for Redis with a bundle holding the CA."],
      code: `spring:
  ssl:
    bundle:
      pem:
        redis:
          truststore:
            certificate: "file:{{ca}}"
  data:
    redis:
      host: {{host}}
      port: {{port}}
      password: \${redis-password}
      ssl:
        enabled: true
        bundle: redis`,
    },
  },
  secretStore: {
    steps: ["Import secrets at runtime with a config tree (mounted secret files) or Spring Cloud Vault.", "Rotate every exposed key."],
    code: `spring:
  config:
    import: "configtree:/run/secrets/"   # /run/secrets/encryption-key → \${encryption-key}
app:
  encryption-key: \${encryption-key}`,
  },
  hideSecrets: {
    steps: ["Expose only the health actuator (/actuator/env and /configprops print datasource URLs) and never include traces or messages in errors."],
    code: `management:
  endpoints:
    web:
      exposure:
        include: health
server:
  error:
    include-stacktrace: never
    include-message: never`,
  },
  passwordHash: {
    steps: ["Use a delegating or Argon2 PasswordEncoder.", "Mark the hash write-only for Jackson."],
    code: `@Bean
PasswordEncoder passwordEncoder() {
    return Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
}

@JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
private String password;`,
  },
  hsts: {
    steps: ["Spring Security header configuration."],
    code: `http.headers(h -> h.httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true).maxAgeInSeconds(31536000)));`,
  },
  httpsRedirect: {
    steps: ["Require a secure channel and honour the proxy's forwarded headers."],
    code: `// application.yml: server.forward-headers-strategy: framework
http.requiresChannel(channel -> channel.anyRequest().requiresSecure());`,
  },
  cookies: {
    steps: ["Session cookie flags."],
    code: `server:
  servlet:
    session:
      cookie:
        secure: true
        http-only: true
        same-site: lax`,
  },
  proxyHeaders: { steps: ["Honour X-Forwarded-* from the proxy."], code: `server:\n  forward-headers-strategy: framework` },
  tlsServer: {
    steps: ["When the embedded server terminates TLS, allow only TLS 1.2/1.3."],
    code: `server:
  ssl:
    enabled: true
    enabled-protocols: TLSv1.3,TLSv1.2`,
  },
};

export const aspnetCore: FrameworkIdioms = {
  label: "ASP.NET Core",
  dbTls: {
    pg: {
      steps: [
        "Npgsql: SSL Mode=VerifyFull with Root Certificate ({{product}} uses Npgsql too).",
        "Keep the password in Key Vault / user secrets / key-per-file configuration, not appsettings.json.",
      ],
      code: `// appsettings.json: "ConnectionStrings": { "Default": "Host={{host}};Port={{port}};Database=app;Username=app;SSL Mode=VerifyFull;Root Certificate={{ca}}" }
builder.Configuration.AddKeyPerFile("/run/secrets", optional: false);   // db password from the secret store
var cs = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Default"))
{
    Password = builder.Configuration["db-password"],
};
builder.Services.AddDbContext<AppDb>(o => o.UseNpgsql(cs.ConnectionString));`,
    },
    mysql: {
      steps: ["MySqlConnector: SslMode=VerifyFull and SslCa."],
      code: `// "Server={{host}};Port={{port}};Database=app;User ID=app;SslMode=VerifyFull;SslCa={{ca}}"
builder.Services.AddDbContext<AppDb>(o => o.UseMySql(cs, ServerVersion.AutoDetect(cs)));`,
    },
    mongodb: {
      steps: ["Enable TLS on the MongoDB client; install the CA in the trust store of the container."],
      code: `var settings = MongoClientSettings.FromConnectionString(builder.Configuration["mongodb-uri"]);
settings.UseTls = true;                                   // never AllowInsecureTls
var client = new MongoClient(settings);`,
    },
    redis: {
      steps: ["StackExchange.Redis: ssl=true and trust the CA."],
      code: `var options = ConfigurationOptions.Parse("{{host}}:{{port}},ssl=true,sslHost={{host}}");
options.Password = builder.Configuration["redis-password"];
options.TrustIssuer("{{ca}}");
var redis = await ConnectionMultiplexer.ConnectAsync(options);`,
    },
  },
  secretStore: {
    steps: ["Load keys from Azure Key Vault or key-per-file secrets at runtime.", "Rotate every exposed key."],
    code: `builder.Configuration.AddAzureKeyVault(new Uri(builder.Configuration["KeyVaultUri"]!), new DefaultAzureCredential());
// or: builder.Configuration.AddKeyPerFile("/run/secrets", optional: false);
var key = Convert.FromBase64String(builder.Configuration["encryption-key"]!);`,
  },
  hideSecrets: {
    steps: ["Use the developer exception page only in Development; elsewhere a generic handler."],
    code: `if (app.Environment.IsDevelopment()) app.UseDeveloperExceptionPage();
else app.UseExceptionHandler("/error");`,
  },
  passwordHash: {
    steps: ["Use ASP.NET Core Identity's PasswordHasher (PBKDF2) and never serialise the hash."],
    code: `var hasher = new PasswordHasher<User>();
user.PasswordHash = hasher.HashPassword(user, password);

public class User { [JsonIgnore] public string PasswordHash { get; set; } = ""; }`,
  },
  hsts: {
    steps: ["AddHsts + UseHsts outside Development."],
    code: `builder.Services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
app.UseHsts();`,
  },
  httpsRedirect: { steps: ["UseHttpsRedirection (and forwarded headers behind a proxy)."], code: `app.UseForwardedHeaders();\napp.UseHttpsRedirection();` },
  cookies: {
    steps: ["Cookie policy: always Secure, HttpOnly, SameSite."],
    code: `builder.Services.ConfigureApplicationCookie(o =>
{
    o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
    o.Cookie.HttpOnly = true;
    o.Cookie.SameSite = SameSiteMode.Lax;
});`,
  },
  proxyHeaders: {
    steps: ["Forward X-Forwarded-Proto so generated links use https."],
    code: `app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });`,
  },
  tlsServer: {
    steps: ["Kestrel: TLS 1.2 and 1.3 only."],
    code: `builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13));`,
  },
};
