// Clean-up of what an active scan changed: the ChangeTracker checks use (ctx.changes), and the default
// clean-up of a created object no check registered one for — DELETE on its Location, else the spec's
// DELETE operation on `<collection>/{id}` for the id the answer named.
import type { ChangeTracker, HttpClient, HttpRequestInput } from "../core/check.js";
import type { ApiModel, Change, Exchange } from "../core/types.js";
import type { ChangeLedger, Cleanup, CleanupDeriver } from "../http/changes.js";
import { operationUrl } from "../spec/url.js";

/** A path template as a regex over concrete paths (`/users/{id}` matches `/users/42`). */
function templateRegex(template: string): RegExp {
  const pattern = template
    .split(/(\{[^}]*\})/)
    .map((part) => (/^\{.*\}$/.test(part) ? "[^/]+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${pattern}/?$`);
}

/** The default clean-up of created objects for one target and API model. */
export function deriveCleanup(api: ApiModel | null, targetUrl: string, basePath: string): CleanupDeriver {
  const origin = new URL(targetUrl).origin;
  const prefix = new URL(targetUrl).pathname.replace(/\/+$/, "") + basePath.replace(/\/+$/, "");
  const deletes = (api?.operations ?? [])
    .filter((op) => op.method === "DELETE")
    .map((op) => ({ op, regex: templateRegex(`${prefix}${op.path}`) }));
  return (change: Change, ex: Exchange): Cleanup | null => {
    const created = change.created;
    if (!created) return null;
    if (created.location && new URL(created.location).origin === origin) {
      return { request: { method: "DELETE", url: created.location }, note: "delete the created object (its Location)" };
    }
    if (!created.id) return null;
    // `POST /users` answered {id: 7}: the spec's DELETE that matches /users/7.
    const collection = new URL(ex.request.url).pathname.replace(/\/+$/, "");
    const candidate = `${collection}/${encodeURIComponent(created.id)}`;
    const match = deletes.find((d) => d.regex.test(candidate));
    if (!match) return null;
    const param = /\{([^}]+)\}\/?$/.exec(match.op.path)?.[1];
    const url = param ? operationUrl(match.op, targetUrl, basePath, { [param]: created.id }) : `${origin}${candidate}`;
    return { request: { method: "DELETE", url, operation: match.op }, note: `delete the created object (${match.op.key})` };
  };
}

/** ctx.changes for one check: its sends go through the check's own HTTP view, so they carry its id. */
export function changeTracker(http: HttpClient, ledger: ChangeLedger, derive: CleanupDeriver): ChangeTracker {
  return {
    async create(req, options = {}) {
      const exchange = await http.send(req);
      const change = ledger.entryFor(exchange.id);
      const created = { exchange, change, location: change?.created?.location ?? null, id: change?.created?.id ?? null };
      if (change?.outcome === "applied" && change.created) {
        let cleanup: Cleanup | null;
        if (options.undo) {
          const request: HttpRequestInput | null = options.undo(created);
          cleanup = request ? { request, ...(options.note ? { note: options.note } : {}) } : null;
        } else cleanup = derive(change, exchange);
        if (cleanup) ledger.onUndo(change.id, cleanup);
      }
      return created;
    },
    undo(exchange, request, note) {
      const change = ledger.entryFor(exchange.id);
      if (!change) return false;
      ledger.onUndo(change.id, { request, ...(note ? { note } : {}) });
      return true;
    },
    entryFor: (exchange) => ledger.entryFor(exchange.id),
  };
}
