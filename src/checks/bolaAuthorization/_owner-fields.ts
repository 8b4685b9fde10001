// Fields that say whose object a record is. Matched after normaliseField (lower-case, `_`/`-` removed).
export const OWNER_FIELDS: readonly string[] = [
  "ownerid", "owner", "owneremail", "userid", "user", "useremail", "username", "accountid", "account", "customerid",
  "customer", "clientid", "memberid", "patientid", "employeeid", "studentid", "tenantid", "tenant", "orgid",
  "organizationid", "organisationid", "companyid", "createdby", "createdbyid", "authorid", "holderid", "email",
];

/** Identity claims of a token that name its principal (compared with owner fields). */
export const PRINCIPAL_CLAIMS: readonly string[] = ["sub", "user_id", "userId", "uid", "id", "email", "username", "preferred_username", "account_id", "customer_id", "tenant_id"];

/** Paths of "who am I" operations: their answer describes the caller. */
export const SELF_PATH = /\/(?:me|self|whoami|profile|account|current[-_]?user|userinfo|user)\/?$/i;
