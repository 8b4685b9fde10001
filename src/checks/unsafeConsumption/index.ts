// Registry of the unsafeConsumption checks: an explicit, sorted list (no side-effect registration).
import type { Check } from "../../core/check.js";
import openRedirect from "./open-redirect.js";
import plaintextUpstream from "./plaintext-upstream.js";
import webhookSurface from "./webhook-surface.js";

export const unsafeConsumptionChecks: Check[] = [openRedirect, plaintextUpstream, webhookSurface];
