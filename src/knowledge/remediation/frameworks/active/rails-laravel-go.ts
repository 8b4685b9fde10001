// Rails, Laravel and Go (net/http and the routers on it): fixes for the flaws active mode confirms.
import type { ActiveIdioms } from "../../types.js";

export const rails: ActiveIdioms = {
  sqlParameters: {
    steps: ["Use hash conditions or ? placeholders; order columns from an allow-list."],
    code: `orders = current_user.orders.where(status: params[:status])
orders = Order.where("status = ? AND total > ?", params[:status], params[:min].to_i)
Order.find_by_sql(["SELECT id, total FROM orders WHERE status = ?", params[:status]])
SORTABLE = %w[created_at total].freeze
orders.order(SORTABLE.include?(params[:sort]) ? params[:sort] : "created_at")
# never: where("status = '#{params[:status]}'") or order(params[:sort])`,
  },
  nosqlOperators: {
    steps: ["Take values through strong parameters as scalars (permit drops hashes) before they reach Mongoid."],
    code: `creds = params.permit(:username, :password)   # {"username": {"$ne": ""}} is not a permitted scalar: dropped
user = User.find_by(username: creds[:username].to_s)
# never: User.where(params[:filter]) or User.find_by(params.to_unsafe_h)`,
  },
  commandArguments: {
    steps: ["Call Open3 or system with separate arguments (no single command string), after an allow-list check."],
    code: `HOST = /\\A[A-Za-z0-9][A-Za-z0-9.-]{0,252}\\z/

return head(:bad_request) unless HOST.match?(params[:host].to_s)
output, status = Open3.capture2e("ping", "-c", "1", params[:host])   # no shell parses it
# never: \`ping #{params[:host]}\`, system("ping #{params[:host]}") or Open3.capture2("ping " + host)`,
  },
  templateData: {
    steps: ["Render view files with locals; never render inline templates or ERB built from input (use Liquid for templates users write)."],
    code: `render :greeting, locals: { name: params[:name] }   # <%= name %>: data, escaped
# never: render inline: params[:template]  or  ERB.new(params[:body]).result
# user-written templates: Liquid::Template.parse(text).render("name" => name)`,
  },
  pathConfinement: {
    steps: ["Resolve the path under the base directory and refuse it unless it stays inside."],
    code: `BASE = Rails.root.join("storage/exports").realpath

def download
  path = BASE.join(params[:name].to_s).cleanpath
  return head(:not_found) unless path.to_s.start_with?("#{BASE}/") && path.file?
  send_file path
end`,
  },
  xmlParsing: {
    steps: ["Parse with Nokogiri's defaults plus nonet; never turn on noent or dtdload."],
    code: `doc = Nokogiri::XML(request.raw_post) { |config| config.strict.nonet }   # entities are not substituted
# never: config.noent or config.dtdload`,
  },
  headerValues: {
    steps: ["Redirect only to your own host (url_from, raise_on_open_redirects) and refuse CR/LF in values copied into headers."],
    code: `config.action_controller.raise_on_open_redirects = true   # config/application.rb

redirect_to url_from(params[:next]) || root_path, status: :see_other   # nil for another host

return head(:bad_request) if value.match?(/[\\r\\n]/)
send_data data, filename: name   # Content-Disposition encoded by Rails`,
  },
  ownerScopedWrites: {
    steps: ["Find through the caller's association: another user's id raises RecordNotFound (404)."],
    code: `def destroy
  order = current_user.orders.find(params[:id])   # not yours → 404
  order.destroy!
  head :no_content
end`,
  },
  roleGuards: {
    steps: ["Check the role in a before_action of the base controller every admin controller inherits."],
    code: `class Admin::BaseController < ApplicationController
  before_action :require_admin!   # every action of every admin controller

  private

  def require_admin!
    head :forbidden unless current_user&.admin?
  end
end`,
  },
  authenticatedWrites: {
    steps: ["Authenticate in ApplicationController and skip it only where a route is public by design."],
    code: `class ApplicationController < ActionController::API
  before_action :authenticate_user!   # every controller, every action
end

class SessionsController < ApplicationController
  skip_before_action :authenticate_user!, only: :create   # the explicit exception
end`,
  },
  inputAllowList: {
    steps: ["Permit only client-settable attributes with strong parameters, raise on the others, and set owner and totals yourself."],
    code: `config.action_controller.action_on_unpermitted_parameters = :raise   # role, owner_id, price → 400

def order_params
  params.require(:order).permit(:quantity, :note)
end

def update
  order = current_user.orders.find(params[:id])
  order.assign_attributes(order_params)
  order.total = order.quantity * Catalogue.price_of(order.item_id)
  order.save!
end`,
  },
  loginThrottling: {
    steps: ["Throttle login, code and reset requests per IP and per account with rack-attack (429 with Retry-After), and lock accounts with Devise :lockable."],
    code: `Rack::Attack.throttled_response_retry_after_header = true

Rack::Attack.throttle("logins/ip", limit: 5, period: 60) do |req|
  req.ip if req.post? && req.path == "/auth/login"
end
Rack::Attack.throttle("logins/account", limit: 5, period: 15.minutes) do |req|
  req.params["username"].to_s.downcase.presence if req.post? && req.path == "/auth/login"
end

devise :database_authenticatable, :lockable   # config.maximum_attempts = 5, config.unlock_in = 15.minutes`,
  },
  uniformAuthAnswers: {
    steps: ["Turn on Devise's paranoid mode: the same answers for unknown and existing accounts on sign-in, reset and confirmation."],
    code: `# config/initializers/devise.rb
config.paranoid = true

# hand-written login: compare against a dummy digest when the account is missing
user = User.find_by(email: params[:email])
ok = BCrypt::Password.new(user&.password_digest || DUMMY_DIGEST) == params[:password].to_s && user
render json: { error: "invalid email or password" }, status: :unauthorized unless ok`,
  },
  jwtVerification: {
    steps: ["Decode with ruby-jwt, the algorithms pinned and keys from your issuer's JWKS; kid only picks a key from that set."],
    code: `jwks = ->(options) { Rails.cache.fetch("jwks", force: options[:kid_not_found]) { JSON.parse(Net::HTTP.get(JWKS_URI)) } }

payload, = JWT.decode(token, nil, true, algorithms: ["RS256"], jwks: jwks, iss: "https://auth.internal/", verify_iss: true)
# never: the algorithm from the header, a key file named by kid, jku or an embedded jwk`,
  },
};

export const laravel: ActiveIdioms = {
  sqlParameters: {
    steps: ["Query through Eloquent or the query builder; raw SQL only with ? or named bindings."],
    code: `$orders = Order::where('status', $request->input('status'))->where('owner_id', $request->user()->id)->get();
$rows = DB::select('SELECT id, total FROM orders WHERE status = ?', [$request->input('status')]);
// never: DB::raw("... '$status'"), whereRaw("status = '$status'") or orderBy($request->input('sort'))`,
  },
  nosqlOperators: {
    steps: ["Validate every field as a string: an array such as username[$ne]= fails validation (422)."],
    code: `$data = $request->validate([
    'username' => ['required', 'string', 'max:64'],
    'password' => ['required', 'string'],
]);
$user = User::where('username', $data['username'])->first();   // never where($request->all())`,
  },
  commandArguments: {
    steps: ["Run processes with an argument array (Process facade or Symfony Process), never a command string, after an allow-list check."],
    code: `use Illuminate\\Support\\Facades\\Process;

$request->validate(['host' => ['required', 'regex:/^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$/']]);
$result = Process::timeout(10)->run(['ping', '-c', '1', $request->input('host')]);   // no shell
// never: shell_exec("ping $host"), exec(), system() or Process::run("ping $host")`,
  },
  templateData: {
    steps: ["Return Blade views with input as data; never compile Blade from input."],
    code: `return view('greeting', ['name' => $request->input('name')]);   // {{ $name }}: data, escaped
// never: Blade::render($request->input('template')) or {!! !!} around input`,
  },
  pathConfinement: {
    steps: ["Serve user-named files through a Storage disk: Flysystem refuses paths that leave its root."],
    code: `public function download(string $name)
{
    abort_unless(Storage::disk('exports')->exists($name), 404);   // ../ → PathTraversalDetected
    return Storage::disk('exports')->download($name);
}`,
  },
  xmlParsing: {
    steps: ["Load XML without LIBXML_NOENT or LIBXML_DTDLOAD (libxml 2.9+ then never loads external entities), with LIBXML_NONET."],
    code: `$xml = simplexml_load_string($request->getContent(), 'SimpleXMLElement', LIBXML_NONET);
// never: LIBXML_NOENT or LIBXML_DTDLOAD`,
  },
  headerValues: {
    steps: ["Redirect to named routes or allow-listed paths; PHP refuses header values with line breaks, and file names go through download()."],
    code: `$next = $request->query('next');
return in_array($next, ['/orders', '/account'], true) ? redirect($next, 303) : redirect()->route('home');

return response()->download($path, $name);   // Content-Disposition encoded`,
  },
  ownerScopedWrites: {
    steps: ["Find through the caller's relation (404 otherwise), or authorize with a policy before changing the model."],
    code: `public function destroy(Request $request, int $id)
{
    $order = $request->user()->orders()->findOrFail($id);   // not yours → 404
    $order->delete();
    return response()->noContent();
}`,
  },
  roleGuards: {
    steps: ["Define a gate and put the admin routes in a group with the can middleware."],
    code: `Gate::define('admin', fn (User $user) => $user->is_admin);

Route::middleware(['auth:sanctum', 'can:admin'])->prefix('admin')->group(function () {
    Route::apiResource('users', AdminUserController::class);   // every method
});`,
  },
  authenticatedWrites: {
    steps: ["Put every API route in an auth:sanctum group; public routes stay outside it on purpose."],
    code: `Route::post('/auth/login', [AuthController::class, 'login']);   // the explicit exception

Route::middleware('auth:sanctum')->group(function () {
    Route::apiResource('orders', OrderController::class);
});`,
  },
  inputAllowList: {
    steps: ["Update from validated() of a form request listing client fields, keep $fillable to them, and set owner and totals yourself."],
    code: `class UpdateOrderRequest extends FormRequest
{
    public function rules(): array
    {
        return ['quantity' => ['required', 'integer', 'between:1,100'], 'note' => ['nullable', 'string', 'max:500']];
    }
}

protected $fillable = ['quantity', 'note'];   // in Order

$order->fill($request->validated());
$order->total = $order->quantity * Catalogue::priceOf($order->item_id);
$order->save();
// never: $order->update($request->all())`,
  },
  loginThrottling: {
    steps: ["Define a login rate limiter per IP and per account and attach it to login, code and reset routes (429 with Retry-After)."],
    code: `RateLimiter::for('login', fn (Request $request) => [
    Limit::perMinute(5)->by($request->ip()),
    Limit::perMinute(5)->by(strtolower((string) $request->input('email'))),
]);

Route::post('/auth/login', [AuthController::class, 'login'])->middleware('throttle:login');`,
  },
  uniformAuthAnswers: {
    steps: ["Answer every failed login with auth.failed and every reset request with the same message, and even out timing with Timebox."],
    code: `use Illuminate\\Support\\Timebox;

$ok = (new Timebox)->call(fn () => Auth::attempt($credentials), 300_000);   // the same 300 ms either way
if (! $ok) {
    throw ValidationException::withMessages(['email' => __('auth.failed')]);
}

Password::sendResetLink($request->only('email'));
return response()->json(['message' => 'If the account exists, we sent a reset link.'], 202);`,
  },
  jwtVerification: {
    steps: ["Decode with firebase/php-jwt against your issuer's key set: each Key carries its algorithm, so an HS256 token cannot use an RSA key."],
    code: `use Firebase\\JWT\\JWK;
use Firebase\\JWT\\JWT;

$keys = JWK::parseKeySet($jwks, 'RS256');   // kid → Key(RSA, RS256), from your issuer only
$claims = JWT::decode($token, $keys);
// never: a key file named by kid, or keys from jku / jwk headers`,
  },
};

export const go: ActiveIdioms = {
  sqlParameters: {
    steps: ["Pass values as query arguments ($1 with pgx/lib/pq, ? with MySQL); sort columns from an allow-list."],
    code: `rows, err := db.QueryContext(ctx, "SELECT id, total FROM orders WHERE status = $1 AND owner_id = $2", status, userID)
// never: fmt.Sprintf("... WHERE status = '%s'", status)`,
  },
  nosqlOperators: {
    steps: ["Decode bodies into structs with string fields (an object there is a decoding error) and build filters from them."],
    code: `var in struct {
    Username string \`json:"username"\`
    Password string \`json:"password"\`
}
if err := json.NewDecoder(r.Body).Decode(&in); err != nil {   // {"username": {"$ne": ""}} fails here
    http.Error(w, "invalid body", http.StatusBadRequest)
    return
}
err := users.FindOne(ctx, bson.D{{Key: "username", Value: in.Username}}).Decode(&user)`,
  },
  commandArguments: {
    steps: ["Use exec.CommandContext with separate arguments (it never starts a shell), after an allow-list check."],
    code: `var hostRe = regexp.MustCompile(\`^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$\`)

if !hostRe.MatchString(host) {
    http.Error(w, "invalid host", http.StatusBadRequest)
    return
}
out, err := exec.CommandContext(ctx, "ping", "-c", "1", host).Output()
// never: exec.Command("sh", "-c", "ping "+host)`,
  },
  templateData: {
    steps: ["Parse templates from files at start-up and execute them with input as data; never parse a template from input."],
    code: `var greeting = template.Must(template.ParseFiles("templates/greeting.html"))   // html/template

err := greeting.Execute(w, struct{ Name string }{Name: r.URL.Query().Get("name")})
// never: template.New("x").Parse(userText)`,
  },
  pathConfinement: {
    steps: ["Open user-named files through os.Root (Go 1.24), which cannot leave its directory, or refuse names that are not filepath.IsLocal."],
    code: `root, err := os.OpenRoot("/srv/app/files")

name := r.PathValue("name")
if !filepath.IsLocal(name) {
    http.NotFound(w, r)
    return
}
f, err := root.Open(name)   // ../ and symlinks out of the directory are refused`,
  },
  xmlParsing: {
    steps: ["Use encoding/xml (it neither reads DTDs nor resolves external entities); avoid libxml2 bindings with entity substitution."],
    code: `dec := xml.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
var doc Order
if err := dec.Decode(&doc); err != nil {
    http.Error(w, "invalid XML", http.StatusBadRequest)
    return
}`,
  },
  headerValues: {
    steps: ["Redirect only to allow-listed paths and refuse CR/LF in values copied into headers; encode file names with mime.FormatMediaType."],
    code: `allowed := map[string]bool{"/orders": true, "/account": true}
next := r.URL.Query().Get("next")
if !allowed[next] {
    next = "/"
}
http.Redirect(w, r, next, http.StatusSeeOther)

if strings.ContainsAny(name, "\\r\\n") {
    http.Error(w, "invalid name", http.StatusBadRequest)
    return
}
w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))`,
  },
  ownerScopedWrites: {
    steps: ["Update and delete with the caller in the WHERE clause; no row affected means 404."],
    code: `res, err := db.ExecContext(ctx, "DELETE FROM orders WHERE id = $1 AND owner_id = $2", id, user.ID)
if err != nil {
    http.Error(w, "internal error", http.StatusInternalServerError)
    return
}
if n, _ := res.RowsAffected(); n == 0 {
    http.NotFound(w, r)   // not there or not yours
    return
}
w.WriteHeader(http.StatusNoContent)`,
  },
  roleGuards: {
    steps: ["Wrap the whole admin handler tree in a role middleware, so every route and method is checked."],
    code: `func requireRole(role string, next http.Handler) http.Handler {
    return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
        if u, ok := userFrom(r.Context()); !ok || !u.HasRole(role) {
            http.Error(w, "forbidden", http.StatusForbidden)
            return
        }
        next.ServeHTTP(w, r)
    })
}

mux.Handle("/admin/", requireRole("admin", adminMux))   // chi: r.Route("/admin", func(r chi.Router) { r.Use(...) })`,
  },
  authenticatedWrites: {
    steps: ["Wrap the API mux in the authentication middleware and register public routes on a separate, reviewed mux."],
    code: `public := http.NewServeMux()
public.HandleFunc("POST /auth/login", login)          // the explicit exceptions

api := http.NewServeMux()
api.HandleFunc("PUT /orders/{id}", updateOrder)

root := http.NewServeMux()
root.Handle("/auth/", public)
root.Handle("/", authenticate(api))                 // 401 without valid credentials`,
  },
  inputAllowList: {
    steps: ["Decode writes into an input struct with only client-settable fields and DisallowUnknownFields; set owner and totals on the server."],
    code: `type orderUpdate struct {
    Quantity int    \`json:"quantity"\`
    Note     string \`json:"note"\`
}

dec := json.NewDecoder(r.Body)
dec.DisallowUnknownFields()   // role, owner_id, price → 400
var in orderUpdate
if err := dec.Decode(&in); err != nil || in.Quantity < 1 || in.Quantity > 100 {
    http.Error(w, "invalid body", http.StatusBadRequest)
    return
}
order.Quantity, order.Note = in.Quantity, in.Note
order.Total = price(order.ItemID) * int64(in.Quantity)`,
  },
  loginThrottling: {
    steps: ["Keep a token-bucket limiter per client and per account in front of login, code and reset (429 with Retry-After)."],
    code: `var limiters sync.Map // key → *rate.Limiter (golang.org/x/time/rate); Redis when there are several instances

func allow(key string) bool {
    l, _ := limiters.LoadOrStore(key, rate.NewLimiter(rate.Every(12*time.Second), 5))   // 5 at once, then 1 per 12 s
    return l.(*rate.Limiter).Allow()
}

if !allow("ip:"+clientIP(r)) || !allow("user:"+strings.ToLower(in.Username)) {
    w.Header().Set("Retry-After", "60")
    http.Error(w, "too many attempts", http.StatusTooManyRequests)
    return
}`,
  },
  uniformAuthAnswers: {
    steps: ["Compare against a dummy hash when the account is missing and answer every failure and reset request alike."],
    code: `var dummyHash, _ = bcrypt.GenerateFromPassword([]byte("dummy password"), bcrypt.DefaultCost)

hash := dummyHash
if user != nil {
    hash = user.PasswordHash
}
if bcrypt.CompareHashAndPassword(hash, []byte(in.Password)) != nil || user == nil {
    http.Error(w, \`{"error":"invalid username or password"}\`, http.StatusUnauthorized)
    return
}`,
  },
  jwtVerification: {
    steps: ["Parse with golang-jwt, WithValidMethods pinned and a keyfunc backed by your issuer's JWKS (kid selects from that set only)."],
    code: `k, err := keyfunc.NewDefaultCtx(ctx, []string{"https://auth.internal/.well-known/jwks.json"})   // MicahParks/keyfunc v3

token, err := jwt.Parse(raw, k.Keyfunc,
    jwt.WithValidMethods([]string{"RS256"}),        // HS256 refused
    jwt.WithIssuer("https://auth.internal/"),
    jwt.WithAudience("api"))
// never: a key read from a file named by kid, or from jku / jwk headers`,
  },
};
