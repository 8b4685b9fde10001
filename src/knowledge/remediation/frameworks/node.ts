// Express (and Koa/Fastify/Hapi for drivers) and NestJS: fixes in the Node.js idiom.
import type { FrameworkIdioms, Snippet } from "../types.js";

const READ_CA = `const ca = fs.readFileSync("{{ca}}", "utf8");`;

const NODE_DB: FrameworkIdioms["dbTls"] = {
  pg: {
    steps: [
      "Give node-postgres an ssl object with the CA and rejectUnauthorized: true (chain and host name are checked).",
      "Keep sslmode out of the connection string: node-postgres lets URL parameters replace the ssl object.",
      "Inject DATABASE_URL from the secret store at runtime.",
    ],
    code: `import fs from "node:fs";
import pg from "pg";

${READ_CA}
// DATABASE_URL = postgres://app:<from secret store>@{{host}}:{{port}}/app   ({{product}})
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  ssl: { ca, rejectUnauthorized: true },   // never rejectUnauthorized: false
});`,
  },
  mysql: {
    steps: ["mysql2: pass ssl with the CA; rejectUnauthorized stays true."],
    code: `import fs from "node:fs";
import mysql from "mysql2/promise";

${READ_CA}
const pool = mysql.createPool({ uri: process.env.DATABASE_URL, ssl: { ca, rejectUnauthorized: true } });`,
  },
  mongodb: {
    steps: ["Enable TLS with the CA file; never tlsInsecure or tlsAllowInvalidCertificates."],
    code: `import { MongoClient } from "mongodb";

const client = new MongoClient(process.env.MONGODB_URI, { tls: true, tlsCAFile: "{{ca}}" });`,
  },
  redis: {
    steps: ["Use rediss:// and give the client the CA; keep certificate verification on."],
    code: `import fs from "node:fs";
import { createClient } from "redis";

${READ_CA}
// REDIS_URL = rediss://:<password>@{{host}}:{{port}}
const client = createClient({ url: process.env.REDIS_URL, socket: { tls: true, ca, rejectUnauthorized: true } });`,
  },
};

const NODE_SECRET: Snippet = {
  steps: [
    "Read keys from the secret store at runtime (mounted secret file, Vault, cloud secret manager), never from the image, the repository or a served .env.",
    "Validate the key length at startup and rotate every key that was exposed.",
  ],
  code: `import fs from "node:fs";

// mounted by Kubernetes/Docker secrets or a Vault agent — not part of the image
const encryptionKey = Buffer.from(fs.readFileSync("/run/secrets/encryption_key", "utf8").trim(), "base64");
if (encryptionKey.length !== 32) throw new Error("encryption key must be 32 bytes");`,
};

const EXPRESS_HTTPS_REDIRECT = `app.set("trust proxy", 1);   // req.secure reflects X-Forwarded-Proto from the proxy
app.use((req, res, next) => (req.secure ? next() : res.redirect(308, \`https://\${req.hostname}\${req.originalUrl}\`)));`;

export const express: FrameworkIdioms = {
  label: "Express",
  dbTls: NODE_DB,
  secretStore: NODE_SECRET,
  hideSecrets: {
    steps: ["Run with NODE_ENV=production, never expose process.env or config through routes, and answer errors generically."],
    code: `app.use((err, req, res, _next) => {
  console.error(err);                                  // driver errors and DSNs stay in the log
  res.status(500).json({ error: "internal error" });
});`,
  },
  passwordHash: {
    steps: ["Hash with argon2 (Argon2id).", "Select explicit columns for responses; never serialise the user row."],
    code: `import argon2 from "argon2";

const hash = await argon2.hash(password);            // Argon2id
const ok = await argon2.verify(hash, password);
res.json({ id: user.id, email: user.email });        // no passwordHash in the response`,
  },
  hsts: {
    steps: ["Use helmet's Strict-Transport-Security."],
    code: `import helmet from "helmet";
app.use(helmet({ strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true } }));`,
  },
  httpsRedirect: { steps: ["Redirect every plain-HTTP request with 308 to https."], code: EXPRESS_HTTPS_REDIRECT },
  cookies: {
    steps: ["Session cookies: secure, httpOnly, sameSite; trust the proxy so secure cookies are sent."],
    code: `app.set("trust proxy", 1);
app.use(session({ secret, cookie: { secure: true, httpOnly: true, sameSite: "lax" } }));`,
  },
  proxyHeaders: { steps: ["Trust the proxy so req.protocol is https when building URLs."], code: `app.set("trust proxy", 1);` },
  tlsServer: {
    steps: ["When Node terminates TLS itself, set minVersion TLSv1.2 and keep Node's default (forward-secret) cipher list."],
    code: `import https from "node:https";
https.createServer({ key, cert, minVersion: "TLSv1.2" }, app).listen(443);`,
  },
};

export const nestjs: FrameworkIdioms = {
  label: "NestJS",
  dbTls: {
    ...NODE_DB,
    pg: {
      steps: [
        "TypeORM: ssl with the CA and rejectUnauthorized: true (type '{{typeormType}}').",
        "Read the URL from the secret store through ConfigService; no sslmode in the URL.",
      ],
      code: `import { readFileSync } from "node:fs";
import { TypeOrmModule } from "@nestjs/typeorm";

TypeOrmModule.forRoot({
  type: "{{typeormType}}",
  url: process.env.DATABASE_URL,                       // postgres://app@{{host}}:{{port}}/app
  ssl: { ca: readFileSync("{{ca}}", "utf8"), rejectUnauthorized: true },
});`,
    },
    mysql: {
      steps: ["TypeORM mysql driver: ssl with the CA."],
      code: `TypeOrmModule.forRoot({
  type: "mysql",
  url: process.env.DATABASE_URL,
  ssl: { ca: readFileSync("{{ca}}", "utf8"), rejectUnauthorized: true },
});`,
    },
    mongodb: {
      steps: ["Mongoose: tls with the CA file."],
      code: `MongooseModule.forRoot(process.env.MONGODB_URI, { tls: true, tlsCAFile: "{{ca}}" });`,
    },
  },
  secretStore: NODE_SECRET,
  hideSecrets: {
    steps: ["Keep Nest's default 500 body; never return config or process.env from a controller."],
    code: `@Catch()
export class HideInternalErrors implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    const res = host.switchToHttp().getResponse();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    res.status(status).json({ statusCode: status, message: status === 500 ? "Internal server error" : (exception as HttpException).message });
  }
}`,
  },
  passwordHash: {
    steps: ["Hash with argon2; mark the hash @Exclude() and enable ClassSerializerInterceptor."],
    code: `export class UserEntity {
  id: number;
  email: string;
  @Exclude() passwordHash: string;      // never serialised
}
app.useGlobalInterceptors(new ClassSerializerInterceptor(app.get(Reflector)));`,
  },
  hsts: {
    steps: ["Use helmet in main.ts."],
    code: `app.use(helmet({ strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true } }));`,
  },
  httpsRedirect: {
    steps: ["With the Express adapter, trust the proxy and redirect plain HTTP."],
    code: `const app = await NestFactory.create<NestExpressApplication>(AppModule);
app.set("trust proxy", 1);
app.use((req, res, next) => (req.secure ? next() : res.redirect(308, \`https://\${req.hostname}\${req.originalUrl}\`)));`,
  },
  cookies: { steps: ["express-session cookie flags."], code: `app.use(session({ secret, cookie: { secure: true, httpOnly: true, sameSite: "lax" } }));` },
  proxyHeaders: { steps: ["Trust the proxy (Express adapter)."], code: `app.set("trust proxy", 1);` },
  tlsServer: {
    steps: ["Pass httpsOptions with minVersion TLSv1.2."],
    code: `const app = await NestFactory.create(AppModule, { httpsOptions: { key, cert, minVersion: "TLSv1.2" } });`,
  },
};
