// What the confirmed mass-assignment probe sends for a field a client must not set, by why the field
// matters (field-names.ts MASS_ASSIGNMENT_FIELDS). The value must differ from what the server set on
// its own (the baseline), so that reading it back proves the body was bound to the model.
import type { Json } from "./text.js";

export type ProbeValue = (current: Json | undefined) => Json | undefined;

const ADMIN_ROLE = "admin";

/** Privilege: admin flags on, role names to admin, role lists to ["admin"]. */
const privilege: ProbeValue = (current) => {
  if (typeof current === "boolean" || current === undefined) return current === true ? undefined : true;
  if (Array.isArray(current)) return current.includes(ADMIN_ROLE) ? undefined : [ADMIN_ROLE];
  if (typeof current === "string") return current.toLowerCase() === ADMIN_ROLE ? undefined : ADMIN_ROLE;
  if (typeof current === "number") return current + 100; // access levels
  return undefined;
};

/** Verification state: true when the server said false (or nothing). */
const verification: ProbeValue = (current) => (current === true ? undefined : typeof current === "string" ? undefined : true);

/** Money: a price the server did not compute (1, or 2 when it is 1); a balance raised by a million. */
const price: ProbeValue = (current) => (typeof current === "number" || current === undefined ? (current === 1 ? 2 : 1) : undefined);
const balance: ProbeValue = (current) => (typeof current === "number" ? current + 1_000_000 : current === undefined ? 1_000_000 : undefined);

/** Probe values per field (normalised name) the probe tries; ownership is handled with the other identity's id. */
export const MASS_ASSIGNMENT_PROBES: Readonly<Record<string, { why: "privilege" | "money" | "verification state"; value: ProbeValue }>> = {
  role: { why: "privilege", value: privilege },
  roles: { why: "privilege", value: privilege },
  isadmin: { why: "privilege", value: privilege },
  admin: { why: "privilege", value: privilege },
  issuperuser: { why: "privilege", value: privilege },
  superuser: { why: "privilege", value: privilege },
  isstaff: { why: "privilege", value: privilege },
  isroot: { why: "privilege", value: privilege },
  permissions: { why: "privilege", value: privilege },
  groups: { why: "privilege", value: privilege },
  accesslevel: { why: "privilege", value: privilege },
  usertype: { why: "privilege", value: privilege },
  price: { why: "money", value: price },
  unitprice: { why: "money", value: price },
  amount: { why: "money", value: price },
  total: { why: "money", value: price },
  discount: { why: "money", value: (c) => (typeof c === "number" || c === undefined ? 100 : undefined) },
  balance: { why: "money", value: balance },
  credit: { why: "money", value: balance },
  credits: { why: "money", value: balance },
  verified: { why: "verification state", value: verification },
  isverified: { why: "verification state", value: verification },
  emailverified: { why: "verification state", value: verification },
  approved: { why: "verification state", value: verification },
  isapproved: { why: "verification state", value: verification },
};

/** Owner fields the probe moves to the other identity (normalised names). */
export const OWNERSHIP_PROBE_FIELDS: readonly string[] = ["ownerid", "userid", "accountid", "tenantid", "organizationid", "orgid", "customerid", "authorid", "createdby"];
