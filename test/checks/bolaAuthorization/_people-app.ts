// A people-and-drafts API addressed by natural keys: profiles by {username}, drafts by {slug}. Two users,
// alice and bob. The vulnerable twin serves any profile and any draft to any caller; the hardened twin only
// the caller's own (404 otherwise); the "public profiles" twin shows others a reduced public card.
import { json, type Handler } from "../../helpers/fixture-server.js";

export const ALICE = "tok-alice-5c2e9a71d04b";
export const BOB = "tok-bob-8f3d1b6e2a97";

interface Person {
  username: string;
  display_name: string;
  email: string;
  phone: string;
  plan: string;
}

const PEOPLE: Record<string, Person> = {
  [ALICE]: { username: "alice", display_name: "Alice A.", email: "alice@example.com", phone: "+1 415 555 0101", plan: "pro" },
  [BOB]: { username: "bob", display_name: "Bob B.", email: "bob@example.com", phone: "+1 415 555 0202", plan: "free" },
};

const DRAFTS = [
  { slug: "q3-pricing-plan", title: "Q3 pricing plan", owner: "alice", body: "raise the pro tier" },
  { slug: "alice-notes", title: "Notes", owner: "alice", body: "remember the milk" },
  { slug: "bob-salary-review", title: "Salary review", owner: "bob", body: "ask for 10%" },
  { slug: "bob-offsite", title: "Offsite ideas", owner: "bob", body: "lisbon in may" },
];

export const peopleSpec = {
  openapi: "3.0.3",
  info: { title: "People", version: "1" },
  components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
  security: [{ bearer: [] }],
  paths: {
    "/me": { get: { responses: { "200": { description: "the caller" } } } },
    "/users/{username}": { get: { parameters: [{ name: "username", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "profile" } } } },
    "/drafts": { get: { responses: { "200": { description: "the caller's drafts" } } } },
    "/drafts/{slug}": { get: { parameters: [{ name: "slug", in: "path", required: true, schema: { type: "string" } }], responses: { "200": { description: "one draft" } } } },
  },
};

export type PeopleMode = "vulnerable" | "hardened" | "public-profiles";

export function peopleApp(mode: PeopleMode): Handler {
  return (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const me = PEOPLE[(req.headers.authorization ?? "").replace(/^Bearer /, "")];
    if (!me) return json(res, 401, { detail: "not authenticated" });
    if (url.pathname === "/me") return json(res, 200, me);
    if (url.pathname === "/drafts") return json(res, 200, { items: DRAFTS.filter((d) => d.owner === me.username) });
    const user = /^\/users\/([^/]+)$/.exec(url.pathname)?.[1];
    if (user) {
      const person = Object.values(PEOPLE).find((p) => p.username === decodeURIComponent(user));
      if (!person) return json(res, 404, { detail: "no such user" });
      if (person === me || mode === "vulnerable") return json(res, 200, person);
      if (mode === "public-profiles") return json(res, 200, { username: person.username, display_name: person.display_name });
      return json(res, 404, { detail: "no such user" });
    }
    const slug = /^\/drafts\/([^/]+)$/.exec(url.pathname)?.[1];
    if (slug) {
      const draft = DRAFTS.find((d) => d.slug === decodeURIComponent(slug));
      if (!draft || (mode !== "vulnerable" && draft.owner !== me.username)) return json(res, 404, { detail: "not found" });
      return json(res, 200, draft);
    }
    return json(res, 404, { detail: "not found" });
  };
}
