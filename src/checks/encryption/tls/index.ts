// Registry of the TLS and certificate checks (encryption.tls-*, encryption.cert-*).
import type { Check } from "../../../core/check.js";

export const tlsChecks: Check[] = [];
