// Spring Boot and ASP.NET Core: fixes for the flaws active mode confirms, in each framework's idiom.
import type { ActiveIdioms } from "../../types.js";

export const springBoot: ActiveIdioms = {
  sqlParameters: {
    steps: ["Bind values with JdbcTemplate's ? placeholders or JPA named parameters; sort columns from an allow-list."],
    code: `List<Order> orders = jdbc.query(
    "SELECT id, total FROM orders WHERE status = ? AND owner_id = ?", orderMapper, status, user.getId());

@Query("select o from Order o where o.status = :status and o.owner.id = :ownerId")
List<Order> findByStatus(@Param("status") String status, @Param("ownerId") long ownerId);
// never: "... WHERE status = '" + status + "'" in jdbc.query, createQuery or createNativeQuery`,
  },
  nosqlOperators: {
    steps: ["Bind bodies to typed records (Jackson refuses an object where a String is declared) and build queries with Criteria, never from request JSON."],
    code: `public record LoginRequest(@NotBlank @Size(max = 64) String username, @NotBlank String password) {}

@PostMapping("/auth/login")
ResponseEntity<?> login(@Valid @RequestBody LoginRequest body) {
    User user = mongo.findOne(Query.query(Criteria.where("username").is(body.username())), User.class);
    ...
}
// never: new BasicQuery(requestJson) or a $where built from input`,
  },
  commandArguments: {
    steps: ["Start programs with ProcessBuilder and one argument per value, after checking it against an allow-list pattern; never sh -c."],
    code: `private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,252}");

if (!HOST.matcher(host).matches()) throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "invalid host");
Process p = new ProcessBuilder("ping", "-c", "1", host).redirectErrorStream(true).start();
// never: Runtime.getRuntime().exec("sh -c ping " + host) or exec("ping " + host)`,
  },
  templateData: {
    steps: ["Return fixed Thymeleaf view names and pass input as model attributes; never build a view name, fragment or SpEL expression from input."],
    code: `@GetMapping("/greeting")
String greeting(@RequestParam String name, Model model) {
    model.addAttribute("name", name);   // th:text="\${name}": data, escaped
    return "greeting";                  // a constant view name
}
// never: return "greeting :: " + section;  or  parser.parseExpression(input).getValue()`,
  },
  pathConfinement: {
    steps: ["Resolve the name under the base directory, normalise it and refuse it unless it still starts with the base."],
    code: `private static final Path BASE = Path.of("/srv/app/files").toAbsolutePath().normalize();

@GetMapping("/files/{name}")
ResponseEntity<Resource> download(@PathVariable String name) {
    Path file = BASE.resolve(name).normalize();
    if (!file.startsWith(BASE) || !Files.isRegularFile(file)) throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    return ResponseEntity.ok(new FileSystemResource(file));
}`,
  },
  xmlParsing: {
    steps: ["Forbid DOCTYPE declarations in every parser factory (DocumentBuilderFactory, SAXParserFactory, XMLInputFactory)."],
    code: `DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
dbf.setXIncludeAware(false);
dbf.setExpandEntityReferences(false);

XMLInputFactory xif = XMLInputFactory.newFactory();     // StAX, and Jackson XML underneath
xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);`,
  },
  headerValues: {
    steps: ["Build Location with UriComponentsBuilder from allow-listed targets and file names with ContentDisposition; refuse CR/LF in any value copied into a header."],
    code: `private static final Set<String> ALLOWED_NEXT = Set.of("/orders", "/account");

@GetMapping("/continue")
ResponseEntity<Void> goOn(@RequestParam(defaultValue = "/") String next) {
    URI target = UriComponentsBuilder.fromPath(ALLOWED_NEXT.contains(next) ? next : "/").build().toUri();
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(target).build();
}

headers.setContentDisposition(ContentDisposition.attachment().filename(name, StandardCharsets.UTF_8).build());`,
  },
  ownerScopedWrites: {
    steps: ["Load the object by id and owner (404 otherwise) before updating or deleting it."],
    code: `Optional<Order> findByIdAndOwnerId(long id, long ownerId);   // in OrderRepository

@DeleteMapping("/orders/{id}")
ResponseEntity<Void> delete(@PathVariable long id, @AuthenticationPrincipal AppUser user) {
    Order order = orders.findByIdAndOwnerId(id, user.id())
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));   // not there or not yours
    orders.delete(order);
    return ResponseEntity.noContent().build();
}`,
  },
  roleGuards: {
    steps: ["Require the role for the admin paths in the SecurityFilterChain (every method) and on the admin services with @PreAuthorize."],
    code: `http.authorizeHttpRequests(auth -> auth
    .requestMatchers("/admin/**").hasRole("ADMIN")        // GET, POST, PUT, PATCH, DELETE alike
    .anyRequest().authenticated());

@EnableMethodSecurity
@PreAuthorize("hasRole('ADMIN')")
@Service
class UserAdminService { ... }`,
  },
  authenticatedWrites: {
    steps: ["End the authorization rules with anyRequest().authenticated() and permit only the listed public routes."],
    code: `@Bean
SecurityFilterChain api(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(auth -> auth
            .requestMatchers(HttpMethod.POST, "/auth/login", "/auth/forgot-password").permitAll()   // reviewed exceptions
            .anyRequest().authenticated())
        .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))
        .build();
}`,
  },
  inputAllowList: {
    steps: ["Bind writes to request records with only client-settable fields, fail on unknown properties, and copy fields onto the entity yourself."],
    code: `public record OrderUpdate(@Min(1) @Max(100) int quantity, @Size(max = 500) String note) {}

// application.properties: spring.jackson.deserialization.fail-on-unknown-properties=true   (role, ownerId, price → 400)

@PatchMapping("/orders/{id}")
Order update(@PathVariable long id, @Valid @RequestBody OrderUpdate body, @AuthenticationPrincipal AppUser user) {
    Order order = orders.findByIdAndOwnerId(id, user.id())
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    order.setQuantity(body.quantity());
    order.setNote(body.note());
    order.setTotal(catalogue.priceOf(order.getItemId()).multiply(BigDecimal.valueOf(body.quantity())));
    return orders.save(order);
}
// never: @RequestBody Order (the entity)`,
  },
  loginThrottling: {
    steps: ["Keep a Bucket4j bucket per client and per account in front of login, code and reset (answer 429 with Retry-After); share them through Redis with several instances."],
    code: `private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

private Bucket bucket(String key) {
    return buckets.computeIfAbsent(key, k -> Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(5).refillIntervally(5, Duration.ofMinutes(15)).build())
        .build());
}

ConsumptionProbe ip = bucket("ip:" + request.getRemoteAddr()).tryConsumeAndReturnRemaining(1);
ConsumptionProbe account = bucket("user:" + body.username().toLowerCase()).tryConsumeAndReturnRemaining(1);
if (!ip.isConsumed() || !account.isConsumed()) {
    long wait = Math.max(ip.getNanosToWaitForRefill(), account.getNanosToWaitForRefill());
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, String.valueOf(TimeUnit.NANOSECONDS.toSeconds(wait) + 1)).build();
}`,
  },
  uniformAuthAnswers: {
    steps: ["Keep Spring Security's DaoAuthenticationProvider defaults (it hides unknown users and hashes for them too) and answer reset requests alike."],
    code: `DaoAuthenticationProvider provider = new DaoAuthenticationProvider(passwordEncoder);
provider.setUserDetailsService(users);
provider.setHideUserNotFoundExceptions(true);   // the default: BadCredentialsException for both cases

@PostMapping("/auth/forgot-password")
ResponseEntity<Map<String, String>> forgot(@Valid @RequestBody ForgotRequest body) {
    resetMails.sendIfAccountExists(body.email());   // @Async: no timing difference either
    return ResponseEntity.accepted().body(Map.of("message", "If the account exists, we sent a reset link."));
}`,
  },
  jwtVerification: {
    steps: ["Use the resource server's NimbusJwtDecoder with your issuer's JWK set and RS256 pinned; it never follows jku or trusts an embedded jwk."],
    code: `@Bean
JwtDecoder jwtDecoder() {
    NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri("https://auth.internal/.well-known/jwks.json")
        .jwsAlgorithm(SignatureAlgorithm.RS256)          // HS256 tokens are refused
        .build();
    decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer("https://auth.internal/"));
    return decoder;
}`,
  },
};

export const aspnetCore: ActiveIdioms = {
  sqlParameters: {
    steps: ["Query with LINQ, EF Core's FromSql with an interpolated string (turned into parameters), or Dapper with @parameters."],
    code: `var orders = await db.Orders.Where(o => o.Status == status && o.OwnerId == userId).ToListAsync();

var rows = await db.Orders.FromSql($"SELECT * FROM orders WHERE status = {status}").ToListAsync();   // parameterised
var totals = await conn.QueryAsync<Order>("SELECT id, total FROM orders WHERE status = @status", new { status });
// never: FromSqlRaw("... '" + status + "'") or string.Format into SQL`,
  },
  nosqlOperators: {
    steps: ["Bind bodies to typed records ([ApiController] answers 400 for an object where a string is declared) and build filters with Builders<T>."],
    code: `public record LoginRequest([Required, MaxLength(64)] string Username, [Required] string Password);

[HttpPost("auth/login")]
public async Task<IActionResult> Login(LoginRequest body)
{
    var user = await users.Find(Builders<User>.Filter.Eq(u => u.Username, body.Username)).FirstOrDefaultAsync();
    ...
}
// never: BsonDocument.Parse(requestBody) as a filter`,
  },
  commandArguments: {
    steps: ["Start processes with ArgumentList (each value escaped as one argument) and UseShellExecute = false, after an allow-list check."],
    code: `if (!Regex.IsMatch(host, "^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$")) return BadRequest("invalid host");

var psi = new ProcessStartInfo("ping") { UseShellExecute = false, RedirectStandardOutput = true };
psi.ArgumentList.Add("-c");
psi.ArgumentList.Add("1");
psi.ArgumentList.Add(host);                     // one argument, never parsed by a shell
using var process = Process.Start(psi)!;
// never: Process.Start("/bin/sh", "-c \\"ping " + host + "\\"")`,
  },
  templateData: {
    steps: ["Render Razor views with input in the model; templates users write go through a sandboxed engine (Fluid, Scriban) with member access limited."],
    code: `public IActionResult Greeting(string name) => View(new GreetingModel(name));   // @Model.Name: data, encoded

// user-written templates: Fluid with only the model's own properties exposed
var options = new TemplateOptions();
options.MemberAccessStrategy.Register<GreetingModel>();
// never: compile Razor (RazorLight CompileRenderStringAsync) from input`,
  },
  pathConfinement: {
    steps: ["Combine, take the full path, and refuse it unless it starts with the base directory plus a separator."],
    code: `private static readonly string Base = Path.GetFullPath("/srv/app/files") + Path.DirectorySeparatorChar;

[HttpGet("files/{name}")]
public IActionResult Download(string name)
{
    var full = Path.GetFullPath(Path.Combine(Base, name));   // an absolute name or ../ leaves Base …
    if (!full.StartsWith(Base, StringComparison.Ordinal) || !System.IO.File.Exists(full)) return NotFound();   // … and is refused
    return PhysicalFile(full, "application/octet-stream");
}`,
  },
  xmlParsing: {
    steps: ["Read XML with DtdProcessing.Prohibit and no XmlResolver."],
    code: `var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
using var reader = XmlReader.Create(Request.Body, settings);
var doc = XDocument.Load(reader);`,
  },
  headerValues: {
    steps: ["Redirect with LocalRedirect or after Url.IsLocalUrl; Kestrel refuses CR/LF in header values, so build headers through its API and encode file names."],
    code: `public IActionResult Continue(string? next) =>
    next is not null && Url.IsLocalUrl(next) ? LocalRedirect(next) : Redirect("/");

var cd = new ContentDispositionHeaderValue("attachment");
cd.SetHttpFileName(fileName);                   // encoded filename*
Response.Headers.ContentDisposition = cd.ToString();`,
  },
  ownerScopedWrites: {
    steps: ["Delete and update with the caller in the Where clause; zero rows means 404."],
    code: `[HttpDelete("orders/{id:int}")]
public async Task<IActionResult> Delete(int id)
{
    var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
    var deleted = await db.Orders.Where(o => o.Id == id && o.OwnerId == userId).ExecuteDeleteAsync();
    return deleted == 0 ? NotFound() : NoContent();   // not there or not yours
}`,
  },
  roleGuards: {
    steps: ["Authorize the admin controller class (or route group) by role, so every action and method is covered."],
    code: `[ApiController]
[Route("admin")]
[Authorize(Roles = "admin")]            // every action, every method
public class AdminController : ControllerBase { ... }

// minimal APIs
var admin = app.MapGroup("/admin").RequireAuthorization(p => p.RequireRole("admin"));`,
  },
  authenticatedWrites: {
    steps: ["Set a fallback authorization policy that requires an authenticated user; public endpoints opt out with [AllowAnonymous]."],
    code: `builder.Services.AddAuthorization(options =>
    options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

[AllowAnonymous, HttpPost("auth/login")]   // the explicit exception
public Task<IActionResult> Login(LoginRequest body) { ... }`,
  },
  inputAllowList: {
    steps: ["Bind writes to request records with only client-settable fields, refuse unmapped JSON members, and map onto the entity yourself."],
    code: `public record OrderUpdate([Range(1, 100)] int Quantity, [MaxLength(500)] string? Note);

builder.Services.AddControllers().AddJsonOptions(o =>
    o.JsonSerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow);   // role, ownerId, price → 400

var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id && o.OwnerId == userId);
if (order is null) return NotFound();
order.Quantity = body.Quantity;
order.Note = body.Note;
order.Total = body.Quantity * await catalogue.PriceOf(order.ItemId);
// never: bind the entity, or TryUpdateModelAsync(order) without a property list`,
  },
  loginThrottling: {
    steps: ["Rate-limit login, code and reset endpoints with the built-in rate limiter (429 with Retry-After) and enable Identity's lockout."],
    code: `builder.Services.AddRateLimiter(o =>
{
    o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
    o.AddPolicy("login", ctx => RateLimitPartition.GetFixedWindowLimiter(
        ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) }));
    o.OnRejected = (ctx, _) =>
    {
        if (ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry))
            ctx.HttpContext.Response.Headers.RetryAfter = ((int)retry.TotalSeconds).ToString();
        return ValueTask.CompletedTask;
    };
});
app.UseRateLimiter();
app.MapPost("/auth/login", Login).RequireRateLimiting("login");

builder.Services.Configure<IdentityOptions>(o => { o.Lockout.MaxFailedAccessAttempts = 5; o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15); });
// PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true)`,
  },
  uniformAuthAnswers: {
    steps: ["Answer every sign-in failure with the same 401 and every reset request with the same 202, sending mail only when the account exists."],
    code: `var result = await signIn.PasswordSignInAsync(body.Username, body.Password, isPersistent: false, lockoutOnFailure: true);
if (!result.Succeeded) return Unauthorized(new { error = "invalid username or password" });   // unknown, wrong, locked alike

[AllowAnonymous, HttpPost("auth/forgot-password")]
public async Task<IActionResult> Forgot(ForgotRequest body)
{
    await resetQueue.EnqueueAsync(body.Email);          // a background worker mails existing accounts only
    return Accepted(new { message = "If the account exists, we sent a reset link." });
}`,
  },
  jwtVerification: {
    steps: ["Let JwtBearer load keys from your issuer's metadata and pin the valid algorithms; it never takes keys from jku or jwk headers."],
    code: `builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
{
    o.Authority = "https://auth.internal/";            // JWKS from the issuer's metadata
    o.Audience = "api";
    o.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };   // HS256 refused
    o.TokenValidationParameters.ValidateIssuerSigningKey = true;
});`,
  },
};
