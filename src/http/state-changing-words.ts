// Words that name a state-changing action. An operation whose path segment, operationId or summary
// contains one as a whole word is not called in safe or passive mode, whatever its HTTP method:
// `GET /logout` or `GET /cache/flush` change state as surely as a DELETE does.
// Only the base form matches in paths (`/deleted-items` and bus `/stops` are listings); summaries and
// operationIds also match the third person (`Deletes a pet`, `removesUser`).

export const STATE_CHANGING_WORDS = [
  // destruction
  "delete", "remove", "destroy", "drop", "purge", "wipe", "erase", "truncate", "clear", "flush",
  "deleteall", "removeall", "clearall", "dropdb", "dropall", "flushall", "flushdb",
  // reset / provisioning
  "reset", "resetall", "createdb", "reinitialize", "reinit", "uninstall", "rollback", "migrate",
  // sessions and access
  "logout", "logoff", "signout", "revoke", "invalidate", "disable", "deactivate", "suspend", "ban",
  "unsubscribe", "unlink", "detach",
  // processes
  "shutdown", "restart", "reboot", "kill", "terminate", "stop", "halt",
  // money and messages
  "cancel", "refund", "withdraw", "transfer", "resend",
] as const;

/** Multi-word spellings, matched as consecutive words (`/log-out`, `sign_out`, `shutDown`). */
export const STATE_CHANGING_PHRASES: readonly (readonly string[])[] = [
  ["log", "out"],
  ["log", "off"],
  ["sign", "out"],
  ["shut", "down"],
  ["create", "db"],
  ["drop", "db"],
  ["flush", "all"],
];

/** Third-person form used in summaries: delete → deletes, flush → flushes. */
export function thirdPerson(word: string): string {
  return /(?:s|sh|ch|x|z)$/.test(word) ? `${word}es` : `${word}s`;
}
