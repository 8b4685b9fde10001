// Express and NestJS: fixes for the flaws active mode confirms, in the Node.js idiom.
import type { ActiveIdioms, Snippet } from "../../types.js";

const EXEC_FILE: Snippet = {
  steps: ["Run programs with execFile/spawn and an argument array (no shell option), after checking the value against an allow-list pattern."],
  code: `import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const HOST = /^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/;   // no leading '-', no spaces or shell characters

if (!HOST.test(host)) throw new BadRequest("invalid host");
const { stdout } = await run("ping", ["-c", "1", host], { timeout: 10_000 });   // no shell parses it
// never: exec(\`ping -c 1 \${host}\`) or spawn(cmd, { shell: true })`,
};

const XML: Snippet = {
  steps: ["Use a parser that does not resolve external entities (fast-xml-parser), with entity processing off; with libxmljs keep noent and dtdload off."],
  code: `import { XMLParser } from "fast-xml-parser";

const parser = new XMLParser({ processEntities: false });   // no external entities are ever fetched
const doc = parser.parse(xmlText);
// libxmljs2: parseXml(xmlText, { noent: false, dtdload: false, nonet: true })`,
};

const TEMPLATE = (render: string): Snippet => ({
  steps: ["Render template files with input in the locals; never compile a template from input."],
  code: `${render}
// never: ejs.render(\`Hello \${name}\`), Handlebars.compile(userText) or pug.render(userText)
// user-written templates: a logic-less engine (Mustache) with data only`,
});

const ARGON_DUMMY = `import argon2 from "argon2";

const DUMMY_HASH = await argon2.hash("dummy password");   // the same work for unknown accounts

async function passwordOk(user, password) {
  const ok = await argon2.verify(user?.passwordHash ?? DUMMY_HASH, password);
  return ok && user !== null;
}`;

const JOSE: Snippet = {
  steps: ["Verify with jose against your issuer's JWKS and pin the algorithms; kid only selects a key from that set, jku and jwk headers are never used."],
  code: `import { createRemoteJWKSet, jwtVerify } from "jose";

const JWKS = createRemoteJWKSet(new URL("https://auth.internal/.well-known/jwks.json"));   // from configuration

const { payload } = await jwtVerify(token, JWKS, { algorithms: ["RS256"], issuer: "https://auth.internal/", audience: "api" });
// jsonwebtoken: jwt.verify(token, publicKey, { algorithms: ["RS256"] }); never the token's alg, a kid path, jku or jwk`,
};

export const express: ActiveIdioms = {
  sqlParameters: {
    steps: ["Pass values as query parameters ($1, $2 with node-postgres; ? with mysql2); sort columns from an allow-list."],
    code: `const { rows } = await pool.query(
  "SELECT id, total FROM orders WHERE status = $1 AND owner_id = $2",
  [req.query.status, req.user.id],
);
// never: pool.query(\`... WHERE status = '\${req.query.status}'\`)`,
  },
  nosqlOperators: {
    steps: ["Validate bodies with a schema that expects strings (zod), and parse query strings flat so ?user[$ne]= stays a string."],
    code: `import { z } from "zod";

app.set("query parser", "simple");   // no nested objects from the query string

const Login = z.object({ username: z.string().min(1).max(64), password: z.string() }).strict();

app.post("/auth/login", async (req, res) => {
  const body = Login.safeParse(req.body);   // {"username": {"$ne": ""}} fails here
  if (!body.success) return res.status(400).json({ error: "invalid body" });
  const user = await users.findOne({ username: body.data.username });
});`,
  },
  commandArguments: EXEC_FILE,
  templateData: TEMPLATE(`app.set("view engine", "ejs");
res.render("greeting", { name: req.body.name });   // input is data, escaped`),
  pathConfinement: {
    steps: ["Serve user-named files with res.sendFile and a root (it refuses ..), or resolve and check the path yourself."],
    code: `import path from "node:path";

const BASE = path.resolve("/srv/app/files");

app.get("/files/:name", (req, res) => {
  const full = path.resolve(BASE, req.params.name);
  if (!full.startsWith(BASE + path.sep)) return res.sendStatus(404);
  res.sendFile(full, { dotfiles: "deny" });
});
// or: res.sendFile(req.params.name, { root: BASE, dotfiles: "deny" })`,
  },
  xmlParsing: XML,
  headerValues: {
    steps: ["Redirect only to allow-listed targets; Node refuses CR/LF in setHeader, so never write raw header lines; encode file names with content-disposition."],
    code: `import contentDisposition from "content-disposition";

const ALLOWED_NEXT = new Set(["/orders", "/account"]);
app.get("/continue", (req, res) => res.redirect(303, ALLOWED_NEXT.has(req.query.next) ? req.query.next : "/"));

res.setHeader("Content-Disposition", contentDisposition(fileName));   // encoded, no line breaks`,
  },
  ownerScopedWrites: {
    steps: ["Update and delete with the caller in the WHERE clause; no row matched means 404."],
    code: `app.delete("/orders/:id", authenticate, async (req, res) => {
  const { rowCount } = await pool.query("DELETE FROM orders WHERE id = $1 AND owner_id = $2", [req.params.id, req.user.id]);
  if (rowCount === 0) return res.sendStatus(404);   // not there or not yours
  res.sendStatus(204);
});`,
  },
  roleGuards: {
    steps: ["Mount admin routes on a router whose first middleware checks the role, for every method."],
    code: `const requireRole = (role) => (req, res, next) => (req.user?.roles?.includes(role) ? next() : res.sendStatus(403));

const admin = express.Router();
admin.use(requireRole("admin"));        // every route and method below
admin.delete("/users/:id", deleteUser);
app.use("/admin", authenticate, admin);`,
  },
  authenticatedWrites: {
    steps: ["Mount the explicit public routes first, then the authentication middleware, then everything else."],
    code: `app.use("/auth", publicAuthRoutes);                              // login, reset: the reviewed exceptions
app.use(passport.authenticate("jwt", { session: false }));        // 401 for everything after this line
app.use("/api", apiRoutes);`,
  },
  inputAllowList: {
    steps: ["Parse writes with a strict schema of client-settable fields and build the update from it; owner and prices come from the server."],
    code: `const OrderUpdate = z.object({ quantity: z.number().int().min(1).max(100), note: z.string().max(500).optional() }).strict();

app.patch("/orders/:id", authenticate, async (req, res) => {
  const body = OrderUpdate.safeParse(req.body);           // role, ownerId, price → 400
  if (!body.success) return res.status(400).json({ error: "invalid body" });
  const total = body.data.quantity * (await catalogue.priceOf(req.params.id));
  await orders.update(req.params.id, req.user.id, { ...body.data, total });
});
// never: Object.assign(order, req.body) or Model.update(req.body)`,
  },
  loginThrottling: {
    steps: ["Limit the login, code and reset routes with express-rate-limit per client and per account (429 with Retry-After), with a shared store when there are several instances."],
    code: `import rateLimit from "express-rate-limit";

const perClient = rateLimit({ windowMs: 15 * 60_000, limit: 10, standardHeaders: "draft-7", legacyHeaders: false });
const perAccount = rateLimit({
  windowMs: 15 * 60_000,
  limit: 5,
  keyGenerator: (req) => \`account:\${String(req.body?.username ?? "").toLowerCase()}\`,
});
app.post("/auth/login", perClient, perAccount, login);`,
  },
  uniformAuthAnswers: {
    steps: ["Verify against a dummy hash for unknown accounts, answer every failure alike, and queue reset mail instead of answering by account."],
    code: `${ARGON_DUMMY}

if (!(await passwordOk(user, req.body.password))) return res.status(401).json({ error: "invalid username or password" });

app.post("/auth/forgot-password", async (req, res) => {
  await queue.add("password-reset", { email: String(req.body.email) });   // mail sent only if the account exists
  res.status(202).json({ message: "If the account exists, we sent a reset link." });
});`,
  },
  jwtVerification: JOSE,
};

export const nestjs: ActiveIdioms = {
  sqlParameters: {
    steps: ["Use repository filters or the query builder with named parameters; raw queries with $1 placeholders."],
    code: `const orders = await this.orders
  .createQueryBuilder("order")
  .where("order.status = :status", { status })
  .andWhere("order.ownerId = :ownerId", { ownerId: user.id })
  .getMany();

await this.dataSource.query("SELECT id FROM orders WHERE status = $1", [status]);
// never: .where(\`order.status = '\${status}'\`)`,
  },
  nosqlOperators: {
    steps: ["Validate DTOs with class-validator (@IsString) under a global ValidationPipe, and turn on Mongoose's sanitizeFilter."],
    code: `export class LoginDto {
  @IsString() @MaxLength(64) username: string;     // {"$ne": ""} → 400
  @IsString() password: string;
}

app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));
mongoose.set("sanitizeFilter", true);             // $-operators in filters from input are neutralised`,
  },
  commandArguments: EXEC_FILE,
  templateData: TEMPLATE(`@Get("greeting")
@Render("greeting")                  // views/greeting.hbs
greeting(@Query("name") name: string) {
  return { name };                   // input is data, escaped
}`),
  pathConfinement: {
    steps: ["Resolve the path under the base directory and refuse it otherwise, then stream it."],
    code: `const BASE = resolve("/srv/app/files");

@Get("files/:name")
download(@Param("name") name: string): StreamableFile {
  const full = resolve(BASE, name);
  if (!full.startsWith(BASE + sep)) throw new NotFoundException();
  return new StreamableFile(createReadStream(full));
}`,
  },
  xmlParsing: XML,
  headerValues: {
    steps: ["Redirect only to allow-listed targets; set headers through the framework (Node refuses CR/LF) and encode file names."],
    code: `const ALLOWED_NEXT = new Set(["/orders", "/account"]);

@Get("continue")
@Redirect("/", 303)
continue(@Query("next") next: string) {
  return { url: ALLOWED_NEXT.has(next) ? next : "/" };
}

res.setHeader("Content-Disposition", contentDisposition(fileName));`,
  },
  ownerScopedWrites: {
    steps: ["Delete and update with the caller in the criteria; nothing affected means 404."],
    code: `@Delete(":id")
async remove(@Param("id", ParseIntPipe) id: number, @Req() req: AuthedRequest) {
  const result = await this.orders.delete({ id, ownerId: req.user.id });
  if (!result.affected) throw new NotFoundException();   // not there or not yours
}`,
  },
  roleGuards: {
    steps: ["Put @Roles on the admin controller class and a RolesGuard that denies when the role is missing."],
    code: `export const ROLES_KEY = "roles";
export const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}
  canActivate(ctx: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<string[]>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);
    const { user } = ctx.switchToHttp().getRequest();
    return Boolean(roles?.some((r) => user?.roles?.includes(r)));
  }
}

@Controller("admin")
@UseGuards(AuthGuard("jwt"), RolesGuard)
@Roles("admin")                       // every handler, every method
export class AdminController {}`,
  },
  authenticatedWrites: {
    steps: ["Register the JWT guard as APP_GUARD so every route needs a user; mark the public ones with @Public()."],
    code: `export const IS_PUBLIC = "isPublic";
export const Public = () => SetMetadata(IS_PUBLIC, true);

@Injectable()
export class JwtAuthGuard extends AuthGuard("jwt") {
  constructor(private readonly reflector: Reflector) { super(); }
  canActivate(ctx: ExecutionContext) {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [ctx.getHandler(), ctx.getClass()])) return true;
    return super.canActivate(ctx);
  }
}

providers: [{ provide: APP_GUARD, useClass: JwtAuthGuard }]`,
  },
  inputAllowList: {
    steps: ["Accept update DTOs with only client-settable fields under ValidationPipe({ whitelist, forbidNonWhitelisted }); set owner and totals in the service."],
    code: `export class UpdateOrderDto {
  @IsInt() @Min(1) @Max(100) quantity: number;
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}                                      // role, ownerId, price → 400

app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));

async update(id: number, userId: number, dto: UpdateOrderDto) {
  const order = await this.orders.findOneByOrFail({ id, ownerId: userId });
  return this.orders.save({ ...order, ...dto, total: dto.quantity * (await this.catalogue.priceOf(order.itemId)) });
}`,
  },
  loginThrottling: {
    steps: ["Use @nestjs/throttler globally and a tighter @Throttle on login, code and reset routes (429 with Retry-After)."],
    code: `@Module({
  imports: [ThrottlerModule.forRoot([{ ttl: 60_000, limit: 100 }])],
  providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
})
export class AppModule {}

@Post("login")
@Throttle({ default: { limit: 5, ttl: 60_000 } })
login(@Body() dto: LoginDto) { ... }
// per account too: extend ThrottlerGuard and override getTracker() to return the username`,
  },
  uniformAuthAnswers: {
    steps: ["Verify against a dummy hash for unknown accounts and throw the same UnauthorizedException for every failure; answer resets alike."],
    code: `${ARGON_DUMMY}

async validateUser(username: string, password: string) {
  const user = await this.users.findOneBy({ username });
  if (!(await passwordOk(user, password))) throw new UnauthorizedException("invalid username or password");
  return user;
}

@Post("forgot-password")
@HttpCode(202)
async forgot(@Body() dto: ForgotDto) {
  await this.mailQueue.add("password-reset", { email: dto.email });
  return { message: "If the account exists, we sent a reset link." };
}`,
  },
  jwtVerification: {
    steps: ["Configure passport-jwt with jwks-rsa's key provider and algorithms: ['RS256']; kid only selects a key from your issuer's set."],
    code: `import { passportJwtSecret } from "jwks-rsa";

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKeyProvider: passportJwtSecret({ jwksUri: "https://auth.internal/.well-known/jwks.json", cache: true, rateLimit: true }),
      algorithms: ["RS256"],
      issuer: "https://auth.internal/",
      audience: "api",
    });
  }
}`,
  },
};
