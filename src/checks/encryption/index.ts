// Registry of the encryption checks: HTTPS hygiene here, TLS and database transport in their folders.
import type { Check } from "../../core/check.js";
import cockroachInsecureMode from "./cockroach-insecure-mode.js";
import cookieInsecure from "./cookie-insecure.js";
import credentialsOverPlaintext from "./credentials-over-plaintext.js";
import { dbChecks } from "./db/index.js";
import hstsMissing from "./hsts-missing.js";
import hstsWeak from "./hsts-weak.js";
import httpNotRedirected from "./http-not-redirected.js";
import httpRedirectInsecure from "./http-redirect-insecure.js";
import httpsUnavailable from "./https-unavailable.js";
import mixedContent from "./mixed-content.js";
import { tlsChecks } from "./tls/index.js";

export const encryptionChecks: Check[] = [
  cockroachInsecureMode,
  cookieInsecure,
  credentialsOverPlaintext,
  hstsMissing,
  hstsWeak,
  httpNotRedirected,
  httpRedirectInsecure,
  httpsUnavailable,
  mixedContent,
  ...tlsChecks,
  ...dbChecks,
];
