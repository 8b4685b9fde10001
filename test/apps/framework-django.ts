// Imitates a Django REST Framework service with SQLite: csrftoken/sessionid cookies, DRF
// `{"detail": …}` bodies, the DEBUG=True 404 page, django-debug-toolbar, django-cors-headers.
// Vulnerable: runserver with DEBUG on, CORS_ALLOW_ALL_ORIGINS, raw SQL, no versioning, cacheable PHI.
// Hardened: gunicorn, DEBUG off, CORS allow-list, /api/v1/, Cache-Control: no-store.
import { appHandler, getOp, oddQuotes, html, jsonReply, type AppStyle, type Reply, type Request, type Route } from "./framework-common.js";

export const PATIENTS = Array.from({ length: 10 }, (_, i) => ({
  id: i + 1,
  name: `Patient ${i + 1}`,
  phone: `(415) 555-${String(2100 + i)}`,
  email: `patient${i + 1}@clinic.example`,
}));

const debug404 = (path: string): string =>
  `<!DOCTYPE html><html lang="en"><head><title>Page not found at ${path}</title></head><body><div id="summary"><h1>Page not found <span>(404)</span></h1></div><div id="info"><p>Using the URLconf defined in <code>clinic.urls</code>, Django tried these URL patterns, in this order:</p><ol><li>admin/</li><li>api/patients/</li></ol></div><div id="explanation"><p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></div></body></html>`;

export function djangoApp(hardened: boolean) {
  const prefix = hardened ? "/api/v1" : "/api";
  const authed = (r: Request): boolean => /^Bearer \S+/.test(String(r.headers.authorization ?? ""));
  const cors = (r: Request): Record<string, string> => (hardened ? {} : r.headers.origin ? { "access-control-allow-origin": "*" } : {});
  const style: AppStyle = {
    headers: (h): Record<string, string> => ({
      server: h ? "gunicorn" : "WSGIServer/0.2 CPython/3.12.1",
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      vary: "Accept, Cookie, Origin",
      "set-cookie": "csrftoken=Zq8Lm2Nx7Vb4Kt9Rw3Ys6Pd1; Path=/; SameSite=Lax",
    }),
    notFound: (r) => (hardened ? jsonReply(404, { detail: "Not found." }) : html(404, debug404(r.url.pathname))),
  };
  const secured = (fn: (r: Request) => Reply) => (r: Request): Reply => {
    if (!authed(r)) return jsonReply(401, { detail: "Authentication credentials were not provided." }, { "www-authenticate": 'Bearer realm="api"', ...cors(r) });
    const out = fn(r);
    const cache: Record<string, string> = hardened ? { "cache-control": "no-store" } : {};
    return { ...out, headers: { ...out.headers, ...cache, ...cors(r) } };
  };
  const routes: Route[] = [
    { path: `${prefix}/patients/`, reply: secured(() => jsonReply(200, { count: PATIENTS.length, next: null, previous: null, results: PATIENTS })) },
    {
      path: `${prefix}/patients/{id}/`,
      reply: secured((r) => {
        const p = PATIENTS.find((x) => String(x.id) === r.params.id);
        return p ? jsonReply(200, p) : jsonReply(404, { detail: "Not found." });
      }),
    },
    {
      path: `${prefix}/appointments/`,
      reply: secured((r) => {
        const doctor = r.url.searchParams.get("doctor") ?? "";
        if (!hardened && oddQuotes(doctor)) {
          return html(500, `<html><head><title>OperationalError at ${r.url.pathname}</title></head><body><h1>OperationalError at ${r.url.pathname}</h1><pre class="exception_value">unrecognized token: "'${doctor}'"</pre><table><tr><th>Django Version:</th><td>5.0.4</td></tr><tr><th>Exception Type:</th><td>OperationalError</td></tr></table><p>django.db.utils.OperationalError: unrecognized token: "'"</p><p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p></body></html>`);
        }
        return jsonReply(200, { count: 0, next: null, previous: null, results: [] });
      }),
    },
    { path: "/__debug__/", reply: (r) => (hardened ? style.notFound(r) : html(200, '<div id="djDebug" class="djdt-hidden"><div id="djDebugToolbar"></div></div>')) },
  ];
  return appHandler(style, routes, hardened);
}

export function djangoSpec(hardened: boolean): Record<string, unknown> {
  const prefix = hardened ? "/api/v1" : "/api";
  const secured = { security: [{ bearerAuth: [] }] };
  return {
    openapi: "3.0.3",
    info: { title: "Clinic API", version: hardened ? "1.0.0" : "0.0.0" },
    paths: {
      [`${prefix}/patients/`]: { get: getOp("List patients", [{ name: "page", in: "query", type: "integer" }], secured) },
      [`${prefix}/patients/{id}/`]: { get: getOp("Retrieve patient", [{ name: "id", in: "path", type: "integer", example: 1 }], secured) },
      [`${prefix}/appointments/`]: { get: getOp("List appointments", [{ name: "doctor", in: "query", example: "house" }, { name: "page", in: "query", type: "integer" }], secured) },
    },
    components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } },
  };
}
