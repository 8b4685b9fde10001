// FastAPI, Flask and Django: fixes in each framework's own idiom.
import type { FrameworkIdioms } from "../types.js";

const MOTOR = (client: string) => `import os
from ${client}
# MONGODB_URI comes from the secret store at runtime, e.g. mongodb://app@{{host}}:{{port}}/app
client = ${client.includes("motor") ? "AsyncIOMotorClient" : "MongoClient"}(
    os.environ["MONGODB_URI"],
    tls=True,                       # never tlsInsecure / tlsAllowInvalidCertificates
    tlsCAFile="{{ca}}",
)`;

const REDIS_PY = (mod: string) => `import os
import ${mod} as redis
# REDIS_URL = rediss://:<password>@{{host}}:{{port}}/0  (rediss = TLS)
r = redis.from_url(
    os.environ["REDIS_URL"],
    ssl_cert_reqs="required",       # never "none"
    ssl_ca_certs="{{ca}}",
)`;

export const fastapi: FrameworkIdioms = {
  label: "FastAPI",
  dbTls: {
    pg: {
      summary: "Connect to {{product}} with asyncpg using sslmode=verify-full and the cluster CA (sslrootcert), DSN from the secret store.",
      steps: [
        "Put `sslmode=verify-full&sslrootcert=<CA file>` on the asyncpg DSN: TLS is mandatory and the server certificate and host name are checked.",
        "Inject DATABASE_URL and the password at runtime from the secret store (Kubernetes/Docker secret, Vault, cloud secret manager), never bake them into the image.",
        "With SQLAlchemy (`postgresql+asyncpg://`), pass `connect_args={\"ssl\": ssl.create_default_context(cafile=CA)}` instead.",
        "Never use sslmode=disable/allow/prefer/require: require encrypts but accepts any certificate (MITM).",
      ],
      code: `import os
from contextlib import asynccontextmanager
import asyncpg
from fastapi import FastAPI

# DATABASE_URL is injected at runtime from the secret store, e.g.
# postgresql://app@{{host}}:{{port}}/app?sslmode=verify-full&sslrootcert={{ca}}
@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.db = await asyncpg.create_pool(
        os.environ["DATABASE_URL"],
        password=open("/run/secrets/db_password").read().strip(),
    )
    yield
    await app.state.db.close()

app = FastAPI(lifespan=lifespan)`,
    },
    mysql: {
      steps: [
        "Give the async driver an SSLContext built with the CA: it verifies the chain and the host name.",
        "Inject the URL and password from the secret store at runtime.",
      ],
      code: `import os, ssl
from sqlalchemy.ext.asyncio import create_async_engine

ctx = ssl.create_default_context(cafile="{{ca}}")   # CERT_REQUIRED + check_hostname
# DATABASE_URL = mysql+aiomysql://app:<from secret store>@{{host}}:{{port}}/app
engine = create_async_engine(os.environ["DATABASE_URL"], connect_args={"ssl": ctx})`,
    },
    mongodb: { steps: ["Enable TLS on the Motor client with the CA file; never allow invalid certificates."], code: MOTOR("motor.motor_asyncio import AsyncIOMotorClient") },
    redis: { steps: ["Use rediss:// with ssl_cert_reqs=required and the CA file."], code: REDIS_PY("redis.asyncio") },
  },
  secretStore: {
    steps: [
      "Read keys from files the secret store mounts at runtime (or a KMS), through pydantic-settings' secrets_dir.",
      "Rotate every key that was exposed: re-encrypt data under a new key and revoke the old one.",
    ],
    code: `from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

class Settings(BaseSettings):
    # /run/secrets/<name> is mounted by Kubernetes/Docker secrets or a Vault agent — not part of the image
    model_config = SettingsConfigDict(secrets_dir="/run/secrets")
    encryption_key: SecretStr
    database_url: SecretStr

settings = Settings()   # SecretStr never prints its value`,
  },
  hideSecrets: {
    steps: ["Run with debug off, return response models that cannot carry settings, and log internal errors instead of returning them."],
    code: `import logging
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI(debug=False)

@app.exception_handler(Exception)
async def hide_internal_errors(request: Request, exc: Exception) -> JSONResponse:
    logging.getLogger("app").exception("unhandled error")   # details (DSNs, driver errors) stay in the log
    return JSONResponse({"detail": "internal error"}, status_code=500)`,
  },
  passwordHash: {
    steps: ["Hash with Argon2id (argon2-cffi).", "Declare a response_model without password fields so hashes never leave the API."],
    code: `from argon2 import PasswordHasher
from pydantic import BaseModel

ph = PasswordHasher()            # Argon2id; store ph.hash(password), check with ph.verify(stored, password)

class UserOut(BaseModel):        # no password / password_hash field
    id: int
    email: str

@app.get("/users/{user_id}", response_model=UserOut)
async def get_user(user_id: int): ...`,
  },
  hsts: {
    steps: ["Add the header in a middleware (or at the proxy)."],
    code: `@app.middleware("http")
async def hsts(request, call_next):
    response = await call_next(request)
    response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response`,
  },
  httpsRedirect: {
    steps: ["Redirect plain HTTP with HTTPSRedirectMiddleware, and let uvicorn trust the proxy's X-Forwarded-Proto."],
    code: `from starlette.middleware.httpsredirect import HTTPSRedirectMiddleware
app.add_middleware(HTTPSRedirectMiddleware)
# uvicorn app:app --proxy-headers --forwarded-allow-ips=<proxy address>`,
  },
  cookies: {
    steps: ["Set Secure, HttpOnly and SameSite on every session cookie."],
    code: `response.set_cookie("session", token, secure=True, httponly=True, samesite="lax")
# or: app.add_middleware(SessionMiddleware, secret_key=..., https_only=True, same_site="lax")`,
  },
  proxyHeaders: {
    steps: ["Run uvicorn with --proxy-headers behind the TLS proxy so url_for() builds https:// URLs; declare https servers."],
    code: `app = FastAPI(servers=[{"url": "https://api.example.com"}])
# uvicorn app:app --proxy-headers --forwarded-allow-ips=<proxy address>`,
  },
  tlsServer: null,
};

export const flask: FrameworkIdioms = {
  label: "Flask",
  dbTls: {
    pg: {
      steps: [
        "psycopg hands sslmode/sslrootcert to libpq: use verify-full with the CA file.",
        "Inject the URI from the secret store at runtime.",
      ],
      code: `import os
# DATABASE_URL = postgresql+psycopg2://app:<from secret store>@{{host}}:{{port}}/app?sslmode=verify-full&sslrootcert={{ca}}
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]`,
    },
    mysql: {
      steps: ["Pass an SSLContext with the CA to PyMySQL through SQLAlchemy's connect_args."],
      code: `import ssl
app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
    "connect_args": {"ssl": ssl.create_default_context(cafile="{{ca}}")},   # verifies chain + host name
}`,
    },
    mongodb: { steps: ["Enable TLS on the PyMongo client with the CA file."], code: MOTOR("pymongo import MongoClient") },
    redis: { steps: ["Use rediss:// with ssl_cert_reqs=required and the CA file."], code: REDIS_PY("redis") },
  },
  secretStore: {
    steps: ["Load keys from the secret store's mounted files at startup, not from config.py in the repository.", "Rotate every exposed key."],
    code: `from pathlib import Path
app.config["ENCRYPTION_KEY"] = Path("/run/secrets/encryption_key").read_bytes()
app.config["SECRET_KEY"] = Path("/run/secrets/flask_secret_key").read_text().strip()`,
  },
  hideSecrets: {
    steps: ["Never run with DEBUG in production (the Werkzeug debugger exposes code and config); return generic 500s."],
    code: `app.config["DEBUG"] = False

@app.errorhandler(Exception)
def internal_error(exc):
    app.logger.exception("unhandled error")
    return {"error": "internal error"}, 500`,
  },
  passwordHash: {
    steps: ["Hash with argon2-cffi (or Werkzeug's scrypt default); mark password fields load-only in the schema."],
    code: `from argon2 import PasswordHasher
from marshmallow import Schema, fields

ph = PasswordHasher()

class UserSchema(Schema):
    id = fields.Int()
    email = fields.Email()
    password = fields.Str(load_only=True)   # accepted on input, never dumped`,
  },
  hsts: {
    steps: ["Use Flask-Talisman for HSTS (and HTTPS redirect)."],
    code: `from flask_talisman import Talisman
Talisman(app, strict_transport_security=True, strict_transport_security_max_age=31536000,
         strict_transport_security_include_subdomains=True)`,
  },
  httpsRedirect: {
    steps: ["Flask-Talisman's force_https redirects HTTP; ProxyFix makes the proxy's scheme visible."],
    code: `from flask_talisman import Talisman
from werkzeug.middleware.proxy_fix import ProxyFix
app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)
Talisman(app, force_https=True)`,
  },
  cookies: {
    steps: ["Configure the session cookie flags."],
    code: `app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")`,
  },
  proxyHeaders: {
    steps: ["Trust the proxy's X-Forwarded-Proto/Host so url_for(_external=True) yields https URLs."],
    code: `from werkzeug.middleware.proxy_fix import ProxyFix
app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1, x_host=1)
app.config["PREFERRED_URL_SCHEME"] = "https"`,
  },
  tlsServer: null,
};

export const django: FrameworkIdioms = {
  label: "Django",
  dbTls: {
    pg: {
      steps: [
        "Set sslmode=verify-full and sslrootcert in DATABASES OPTIONS (psycopg passes them to libpq).",
        "Read the password from the secret store (e.g. django-environ reading a mounted file).",
      ],
      code: `DATABASES = {
    "default": {
        "ENGINE": "{{djangoEngine}}",
        "HOST": "{{host}}",
        "PORT": "{{port}}",
        "NAME": "app",
        "USER": "app",
        "PASSWORD": env("DB_PASSWORD"),          # from the secret store, not settings.py
        "OPTIONS": {"sslmode": "verify-full", "sslrootcert": "{{ca}}"},
    }
}`,
    },
    mysql: {
      steps: ["mysqlclient: ssl_mode VERIFY_IDENTITY plus the CA."],
      code: `DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.mysql",
        "HOST": "{{host}}", "PORT": "{{port}}", "NAME": "app", "USER": "app",
        "PASSWORD": env("DB_PASSWORD"),
        "OPTIONS": {"ssl_mode": "VERIFY_IDENTITY", "ssl": {"ca": "{{ca}}"}},
    }
}`,
    },
    mongodb: { steps: ["Enable TLS on the PyMongo client with the CA file."], code: MOTOR("pymongo import MongoClient") },
    redis: {
      steps: ["Point the cache at rediss:// and require certificate validation."],
      code: `CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),          # rediss://:<password>@{{host}}:{{port}}/0
        "OPTIONS": {"ssl_cert_reqs": "required", "ssl_ca_certs": "{{ca}}"},
    }
}`,
    },
  },
  secretStore: {
    steps: ["Read SECRET_KEY and encryption keys from the environment/secret files at runtime (django-environ).", "Rotate every exposed key."],
    code: `import environ
env = environ.Env()
SECRET_KEY = env("DJANGO_SECRET_KEY")            # injected by the secret store
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY")`,
  },
  hideSecrets: {
    steps: ["DEBUG=False in production: the debug page prints settings, and DSNs inside URLs are not masked."],
    code: `DEBUG = False
ALLOWED_HOSTS = ["api.example.com"]`,
  },
  passwordHash: {
    steps: ["Prefer Argon2 in PASSWORD_HASHERS.", "Make password fields write-only in Django REST framework serializers."],
    code: `PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "password"]
        extra_kwargs = {"password": {"write_only": True}}`,
  },
  hsts: { steps: ["Enable SecurityMiddleware's HSTS settings."], code: `SECURE_HSTS_SECONDS = 31536000\nSECURE_HSTS_INCLUDE_SUBDOMAINS = True` },
  httpsRedirect: {
    steps: ["Redirect HTTP and trust the proxy's scheme header."],
    code: `SECURE_SSL_REDIRECT = True\nSECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")`,
  },
  cookies: {
    steps: ["Secure, HttpOnly and SameSite for session and CSRF cookies."],
    code: `SESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True\nSESSION_COOKIE_HTTPONLY = True\nSESSION_COOKIE_SAMESITE = "Lax"`,
  },
  proxyHeaders: {
    steps: ["Let Django know the original scheme and host behind the proxy."],
    code: `SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")\nUSE_X_FORWARDED_HOST = True`,
  },
  tlsServer: null,
};
