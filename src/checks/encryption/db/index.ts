// Registry of the database-transport and key-material checks (encryption.db-*, key-material, dsn).
import type { Check } from "../../../core/check.js";

export const dbChecks: Check[] = [];
