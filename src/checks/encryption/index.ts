// Registry of the encryption checks: HTTPS hygiene here, TLS and database transport in their folders.
import type { Check } from "../../core/check.js";
import { dbChecks } from "./db/index.js";
import { tlsChecks } from "./tls/index.js";

export const encryptionChecks: Check[] = [...tlsChecks, ...dbChecks];
