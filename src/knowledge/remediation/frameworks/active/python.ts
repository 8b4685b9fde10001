// FastAPI, Flask and Django: fixes for the flaws active mode confirms, in each framework's idiom.
import type { ActiveIdioms, Snippet } from "../../types.js";

const SUBPROCESS = (refuse: string): Snippet => ({
  steps: ["Call the program with an argument list (no shell=True, no os.system) after checking the value against an allow-list pattern."],
  code: `import re
import subprocess

HOST = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,252}")    # no leading '-', no spaces or shell characters

if not HOST.fullmatch(host):
    ${refuse}
# one argv entry per value: /bin/sh never parses it
result = subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True, timeout=10, check=False)
# never: subprocess.run(f"ping -c 1 {host}", shell=True) or os.system(...)`,
});

const DEFUSED = (read: string): Snippet => ({
  steps: ["Parse XML with defusedxml (it refuses DTDs, external entities and entity expansion), never the standard library or lxml with entity resolution on."],
  code: `import defusedxml.ElementTree as ET

root = ET.fromstring(${read}, forbid_dtd=True)
# lxml instead: etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)`,
});

const PYJWT: Snippet = {
  steps: ["Verify with the algorithms pinned and keys from your issuer's JWKS (kid only selects one of them); never read alg, jku or jwk from the token."],
  code: `import jwt
from jwt import PyJWKClient

jwks = PyJWKClient("https://auth.internal/.well-known/jwks.json")   # your issuer, from configuration

def verify(token: str) -> dict:
    key = jwks.get_signing_key_from_jwt(token)                      # kid picks a key from that set only
    return jwt.decode(token, key.key, algorithms=["RS256"], audience="api", issuer="https://auth.internal/")
# never: algorithms=[jwt.get_unverified_header(token)["alg"]], a key file named by kid, or a jku/jwk header`,
};

export const fastapi: ActiveIdioms = {
  sqlParameters: {
    steps: ["Query through SQLAlchemy expressions or text() with named bind parameters; order-by columns from an allow-list."],
    code: `from sqlalchemy import select, text

stmt = select(Order).where(Order.status == status, Order.owner_id == user.id)   # values are bound
orders = (await session.execute(stmt)).scalars().all()

rows = await session.execute(text("SELECT id, total FROM orders WHERE status = :status"), {"status": status})
# never: text(f"... WHERE status = '{status}'")`,
  },
  nosqlOperators: {
    steps: ["Declare request fields as str in a Pydantic model: an operator object such as {\"$ne\": \"\"} fails validation with 422."],
    code: `from typing import Annotated
from pydantic import BaseModel, Field

class LoginIn(BaseModel):
    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: str

@app.post("/auth/login")
async def login(body: LoginIn):
    user = await db.users.find_one({"username": body.username})   # a string, never the raw request dict`,
  },
  commandArguments: SUBPROCESS('raise HTTPException(status_code=422, detail="invalid host")'),
  templateData: {
    steps: ["Render fixed Jinja2 templates with input as context variables; user-written templates only in a SandboxedEnvironment."],
    code: `from jinja2 import Environment, FileSystemLoader, select_autoescape

env = Environment(loader=FileSystemLoader("templates"), autoescape=select_autoescape())
html = env.get_template("greeting.html").render(name=body.name)   # input is data
# never: env.from_string(f"Hello {body.name}") or Template(user_text)
# user-written templates: jinja2.sandbox.SandboxedEnvironment`,
  },
  pathConfinement: {
    steps: ["Resolve the joined path and refuse it unless it stays under the base directory."],
    code: `from pathlib import Path
from fastapi.responses import FileResponse

BASE = Path("/srv/app/files").resolve()

@app.get("/files/{name}")
async def download(name: str):
    path = (BASE / name).resolve()          # follows .. and symlinks
    if not path.is_relative_to(BASE) or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path)`,
  },
  xmlParsing: DEFUSED("await request.body()"),
  headerValues: {
    steps: ["Redirect only to allow-listed targets and refuse CR/LF in any value copied into a header."],
    code: `from urllib.parse import quote
from fastapi.responses import RedirectResponse

ALLOWED_NEXT = {"/orders", "/account"}

@app.get("/continue")
async def go_on(next: str = "/"):
    return RedirectResponse(next if next in ALLOWED_NEXT else "/", status_code=303)

if "\\r" in name or "\\n" in name:
    raise HTTPException(status_code=400)
response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"`,
  },
  ownerScopedWrites: {
    steps: ["Update and delete with the caller in the WHERE clause and answer 404 when no row matched."],
    code: `from sqlalchemy import delete

@app.delete("/orders/{order_id}", status_code=204)
async def delete_order(order_id: int, user: User = Depends(current_user), session: AsyncSession = Depends(get_session)):
    result = await session.execute(delete(Order).where(Order.id == order_id, Order.owner_id == user.id))
    if result.rowcount == 0:
        raise HTTPException(status_code=404)   # not there or not yours: the same answer
    await session.commit()`,
  },
  roleGuards: {
    steps: ["Put a role dependency on the whole admin router so every route and method is checked."],
    code: `def require_role(role: str):
    async def guard(user: User = Depends(current_user)) -> User:
        if role not in user.roles:
            raise HTTPException(status_code=403)
        return user
    return guard

admin = APIRouter(prefix="/admin", dependencies=[Depends(require_role("admin"))])   # every route, every method
app.include_router(admin)`,
  },
  authenticatedWrites: {
    steps: ["Mount every API route on a router that depends on the current user; public routes live on a separate, reviewed router."],
    code: `api = APIRouter(dependencies=[Depends(current_user)])   # 401 without valid credentials
public = APIRouter()                                      # login, health: the explicit exceptions

app.include_router(public)
app.include_router(api)`,
  },
  inputAllowList: {
    steps: ["Bind writes to a Pydantic model with only client-settable fields and extra=\"forbid\"; set owner and computed fields on the server."],
    code: `from pydantic import BaseModel, ConfigDict, Field

class OrderUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")   # role, owner_id, price → 422
    quantity: int = Field(gt=0, le=100)
    note: str | None = None

@app.patch("/orders/{order_id}")
async def update_order(order_id: int, body: OrderUpdate, user: User = Depends(current_user)):
    order = await get_owned_order(order_id, user.id)
    for field, value in body.model_dump(exclude_unset=True).items():
        setattr(order, field, value)
    order.total = order.quantity * await catalogue_price(order.item_id)   # computed, never sent`,
  },
  loginThrottling: {
    steps: ["Limit login, code and reset routes per client with slowapi (429 with Retry-After) and per account with a counter in Redis."],
    code: `from slowapi import Limiter, _rate_limit_exceeded_handler
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, headers_enabled=True)   # Retry-After on 429
app.state.limiter = limiter
app.add_exception_handler(RateLimitExceeded, _rate_limit_exceeded_handler)

@app.post("/auth/login")
@limiter.limit("5/minute")
async def login(request: Request, body: LoginIn):
    key = f"login-failures:{body.username.lower()}"
    if int(await redis.get(key) or 0) >= 5:
        raise HTTPException(status_code=429, headers={"Retry-After": "900"})
    ...  # on a failure: await redis.incr(key); await redis.expire(key, 900)`,
  },
  uniformAuthAnswers: {
    steps: ["Verify against a dummy hash when the account does not exist, answer every failure alike, and send reset mail in the background."],
    code: `from argon2 import PasswordHasher
from argon2.exceptions import VerificationError

ph = PasswordHasher()
DUMMY_HASH = ph.hash("dummy password")   # the same work for unknown accounts

def password_ok(user: User | None, password: str) -> bool:
    try:
        return ph.verify(user.password_hash if user else DUMMY_HASH, password) and user is not None
    except VerificationError:
        return False

if not password_ok(user, body.password):
    raise HTTPException(status_code=401, detail="invalid username or password")

@app.post("/auth/forgot-password", status_code=202)
async def forgot(body: ForgotIn, tasks: BackgroundTasks):
    tasks.add_task(send_reset_if_account_exists, body.email)
    return {"message": "If the account exists, we sent a reset link."}`,
  },
  jwtVerification: PYJWT,
};

export const flask: ActiveIdioms = {
  sqlParameters: {
    steps: ["Query through Flask-SQLAlchemy expressions or text() with named bind parameters."],
    code: `from sqlalchemy import text

orders = db.session.execute(db.select(Order).filter_by(status=status, owner_id=current_user.id)).scalars().all()
rows = db.session.execute(text("SELECT id, total FROM orders WHERE status = :status"), {"status": status})
# never: text(f"... WHERE status = '{status}'") or cursor.execute("..." % status)`,
  },
  nosqlOperators: {
    steps: ["Check that each value is a string before it reaches PyMongo; an operator object is refused with 400."],
    code: `data = request.get_json(silent=True) or {}
username, password = data.get("username"), data.get("password")
if not isinstance(username, str) or not isinstance(password, str):
    abort(400)
user = mongo.db.users.find_one({"username": username})   # never find_one(request.json)`,
  },
  commandArguments: SUBPROCESS("abort(400)"),
  templateData: {
    steps: ["Use render_template with input as context; render_template_string only with a constant template."],
    code: `from flask import render_template, render_template_string

return render_template("greeting.html", name=name)              # input is data
return render_template_string("Hello {{ name }}", name=name)     # constant source: fine
# never: render_template_string(f"Hello {name}")`,
  },
  pathConfinement: {
    steps: ["Serve files with send_from_directory: it refuses names that leave the directory (404)."],
    code: `from flask import send_from_directory

@app.get("/files/<path:name>")
def download(name):
    return send_from_directory(app.config["FILES_DIR"], name)   # safe_join inside: ../ → 404
# never: send_file(os.path.join(FILES_DIR, name))`,
  },
  xmlParsing: DEFUSED("request.get_data()"),
  headerValues: {
    steps: ["Redirect with url_for or an allow-list; Werkzeug refuses header values with line breaks, so never work around it by building raw responses."],
    code: `from flask import redirect, url_for

ALLOWED_NEXT = {"orders.index", "account.show"}
endpoint = request.args.get("next", "orders.index")
return redirect(url_for(endpoint if endpoint in ALLOWED_NEXT else "orders.index"), code=303)`,
  },
  ownerScopedWrites: {
    steps: ["Load the object filtered by id and owner (404 otherwise) before changing or deleting it."],
    code: `@app.delete("/orders/<int:order_id>")
@login_required
def delete_order(order_id):
    order = db.first_or_404(db.select(Order).filter_by(id=order_id, owner_id=current_user.id))
    db.session.delete(order)
    db.session.commit()
    return "", 204`,
  },
  roleGuards: {
    steps: ["Check the role in a before_request hook of the admin blueprint, so every route and method is covered."],
    code: `admin = Blueprint("admin", __name__, url_prefix="/admin")

@admin.before_request
def admins_only():
    if not current_user.is_authenticated or "admin" not in current_user.roles:
        abort(403)`,
  },
  authenticatedWrites: {
    steps: ["Require a user in a before_request hook of the API blueprint; public routes live on another blueprint."],
    code: `api = Blueprint("api", __name__, url_prefix="/api")

@api.before_request
def require_login():
    if not current_user.is_authenticated:
        abort(401)

app.register_blueprint(public)   # login, health: the explicit exceptions
app.register_blueprint(api)`,
  },
  inputAllowList: {
    steps: ["Load bodies through a marshmallow schema that lists the settable fields and raises on unknown ones; set the owner from current_user."],
    code: `from marshmallow import RAISE, Schema, fields, validate

class OrderUpdate(Schema):
    class Meta:
        unknown = RAISE                  # role, owner_id, price → ValidationError → 400
    quantity = fields.Integer(required=True, validate=validate.Range(min=1, max=100))
    note = fields.String()

data = OrderUpdate().load(request.get_json())
order.quantity, order.note = data["quantity"], data.get("note")
order.total = order.quantity * catalogue_price(order.item_id)`,
  },
  loginThrottling: {
    steps: ["Limit the login, code and reset routes with Flask-Limiter per client and per account; it answers 429 with Retry-After."],
    code: `from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(get_remote_address, app=app, headers_enabled=True, storage_uri="redis://cache.internal:6379")

def account_key() -> str:
    return str((request.get_json(silent=True) or {}).get("username", "")).lower()

@app.post("/auth/login")
@limiter.limit("5 per minute")                                  # per client
@limiter.limit("10 per 15 minutes", key_func=account_key)      # per account
def login(): ...`,
  },
  uniformAuthAnswers: {
    steps: ["Check a dummy hash for unknown accounts and answer every failure and every reset request alike."],
    code: `from werkzeug.security import check_password_hash, generate_password_hash

DUMMY_HASH = generate_password_hash("dummy password")

user = User.query.filter_by(username=username).first()
if not check_password_hash(user.password_hash if user else DUMMY_HASH, password) or user is None:
    return {"error": "invalid username or password"}, 401

@app.post("/auth/forgot-password")
def forgot():
    queue.enqueue(send_reset_if_account_exists, request.get_json().get("email"))
    return {"message": "If the account exists, we sent a reset link."}, 202`,
  },
  jwtVerification: {
    steps: ["With Flask-JWT-Extended, pin RS256 for signing and decoding and give it the public key from configuration."],
    code: `app.config["JWT_ALGORITHM"] = "RS256"
app.config["JWT_DECODE_ALGORITHMS"] = ["RS256"]            # an HS256 token is refused
app.config["JWT_PUBLIC_KEY"] = open("/run/secrets/jwt-public.pem").read()
app.config["JWT_PRIVATE_KEY"] = open("/run/secrets/jwt-private.pem").read()
jwt = JWTManager(app)
# tokens from another issuer: PyJWKClient + jwt.decode(..., algorithms=["RS256"]); never a key from kid, jku or jwk`,
  },
};

export const django: ActiveIdioms = {
  sqlParameters: {
    steps: ["Query through the ORM; raw SQL only with %s placeholders and a parameter list."],
    code: `orders = Order.objects.filter(status=status, owner=request.user)

with connection.cursor() as cursor:
    cursor.execute("SELECT id, total FROM orders WHERE status = %s", [status])
# never: cursor.execute(f"... '{status}'"), .extra(where=[...]) or RawSQL built from input`,
  },
  nosqlOperators: {
    steps: ["Validate bodies with a DRF serializer: CharField refuses an object such as {\"$ne\": \"\"} (400)."],
    code: `class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=64)
    password = serializers.CharField()

s = LoginSerializer(data=request.data)
s.is_valid(raise_exception=True)
user = db.users.find_one({"username": s.validated_data["username"]})   # never the raw request.data`,
  },
  commandArguments: SUBPROCESS('raise ValidationError({"host": "invalid host"})'),
  templateData: {
    steps: ["Render template files with input in the context; never build a Template from input."],
    code: `from django.shortcuts import render

return render(request, "greeting.html", {"name": name})   # input is data, autoescaped
# never: Template(f"Hello {name}").render(Context()) or engines["django"].from_string(user_text)`,
  },
  pathConfinement: {
    steps: ["Open user-named files through a FileSystemStorage rooted at the directory: it refuses paths that leave it."],
    code: `from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404

exports = FileSystemStorage(location=settings.EXPORT_DIR)

def download(request, name):
    try:
        return FileResponse(exports.open(name), as_attachment=True)   # ../ → SuspiciousFileOperation
    except (SuspiciousFileOperation, FileNotFoundError):
        raise Http404`,
  },
  xmlParsing: {
    steps: ["Parse XML with defusedxml (djangorestframework-xml's XMLParser already does)."],
    code: `import defusedxml.ElementTree as ET

root = ET.fromstring(request.body, forbid_dtd=True)`,
  },
  headerValues: {
    steps: ["Check redirect targets with url_has_allowed_host_and_scheme; Django refuses header values with newlines (BadHeaderError), so keep building headers through HttpResponse."],
    code: `from django.utils.http import url_has_allowed_host_and_scheme

next_url = request.GET.get("next", "/")
if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
    next_url = "/"
return redirect(next_url)`,
  },
  ownerScopedWrites: {
    steps: ["Scope the view's queryset to the caller: update and destroy go through get_object(), which then answers 404 for others' objects."],
    code: `class OrderViewSet(viewsets.ModelViewSet):
    serializer_class = OrderSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Order.objects.filter(owner=self.request.user)   # PUT, PATCH, DELETE included`,
  },
  roleGuards: {
    steps: ["Give admin views a permission class that checks the role for every method."],
    code: `class IsAdmin(BasePermission):
    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)

class AdminUserViewSet(viewsets.ModelViewSet):
    permission_classes = [IsAdmin]   # list, create, update, destroy alike`,
  },
  authenticatedWrites: {
    steps: ["Make IsAuthenticated DRF's default permission; public views opt out with AllowAny."],
    code: `REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

class LoginView(APIView):
    permission_classes = [AllowAny]   # the explicit exception`,
  },
  inputAllowList: {
    steps: ["List the writable fields in the serializer, mark privileged ones read-only, and set the owner in perform_create."],
    code: `class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "quantity", "note", "owner", "total", "status"]
        read_only_fields = ["id", "owner", "total", "status"]    # sent values are ignored

class OrderViewSet(viewsets.ModelViewSet):
    def perform_create(self, serializer):
        serializer.save(owner=self.request.user, total=price_for(serializer.validated_data))`,
  },
  loginThrottling: {
    steps: ["Throttle the login, code and reset views with DRF's ScopedRateThrottle (429 with Retry-After) and lock accounts with django-axes."],
    code: `REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"login": "5/min"},
}
AXES_FAILURE_LIMIT = 5          # django-axes: lockout per account and client
AXES_COOLOFF_TIME = 0.25        # hours

class LoginView(APIView):
    throttle_scope = "login"`,
  },
  uniformAuthAnswers: {
    steps: ["Log in through authenticate() (it runs the hasher for unknown users too) and answer every failure and reset request alike."],
    code: `user = authenticate(request, username=username, password=password)
if user is None:
    return Response({"detail": "invalid username or password"}, status=401)

# Django's PasswordResetForm sends mail only to existing accounts and the view answers the same either way
form = PasswordResetForm({"email": email})
if form.is_valid():
    form.save(request=request, use_https=True)
return Response({"detail": "If the account exists, we sent a reset link."}, status=202)`,
  },
  jwtVerification: {
    steps: ["With Simple JWT, set RS256 and the verifying key (or your issuer's JWK_URL); it decodes with that algorithm only."],
    code: `SIMPLE_JWT = {
    "ALGORITHM": "RS256",
    "SIGNING_KEY": read_secret("jwt-private.pem"),
    "VERIFYING_KEY": read_secret("jwt-public.pem"),
    "AUDIENCE": "api",
    "ISSUER": "https://auth.internal/",
}
# never decode with the algorithm or a key taken from the token header (kid paths, jku, jwk)`,
  },
};
